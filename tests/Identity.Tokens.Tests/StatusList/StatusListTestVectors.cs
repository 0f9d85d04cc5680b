using System.Text.Json;
using Identity.Tokens.Tests.Jose;

namespace Identity.Tokens.Tests.StatusList;

/// <summary>The draft's examples, kept as files under StatusList/TestData.</summary>
internal sealed record StatusListTestVector(string Source, int Size, int Bits, string Lst, IReadOnlyDictionary<int, byte> Statuses, string? BytesHex)
{
    public static StatusListTestVector Load(string name)
    {
        using var document = JsonDocument.Parse(TestFiles.Read("StatusList", name));
        var root = document.RootElement;
        var statuses = new Dictionary<int, byte>();
        if (root.TryGetProperty("statuses", out var list))
        {
            foreach (var entry in list.EnumerateObject())
            {
                statuses[int.Parse(entry.Name, System.Globalization.CultureInfo.InvariantCulture)] = entry.Value.GetByte();
            }
        }

        return new StatusListTestVector(
            root.GetProperty("source").GetString()!,
            root.GetProperty("size").GetInt32(),
            root.GetProperty("bits").GetInt32(),
            root.GetProperty("lst").GetString()!,
            statuses,
            root.TryGetProperty("bytes_hex", out var hex) ? hex.GetString() : null);
    }
}
