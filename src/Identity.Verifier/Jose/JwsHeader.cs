using System.Buffers.Text;
using System.Text.Json;

namespace Identity.Verifier.Jose;

/// <summary>
/// Reads the protected header of a compact JWS (RFC 7515 §7.1) without verifying it, for the members the trust decision
/// needs before verification (<c>alg</c>, <c>x5c</c>). Nothing read here is trusted by itself. Never throws.
/// </summary>
internal sealed class JwsHeader
{
    private JwsHeader(string? algorithm, IReadOnlyList<string>? x5c)
    {
        Algorithm = algorithm;
        X5c = x5c;
    }

    public string? Algorithm { get; }

    /// <summary>The base64 (not base64url) DER certificates of <c>x5c</c> (RFC 7515 §4.1.6), or null when absent or malformed.</summary>
    public IReadOnlyList<string>? X5c { get; }

    public static JwsHeader? TryRead(ReadOnlySpan<char> compact)
    {
        var dot = compact.IndexOf('.');
        if (dot <= 0)
        {
            return null;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(compact[..dot]);
            using var document = JsonDocument.Parse(bytes, JsonLimits.DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var alg = root.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            return new JwsHeader(alg, ReadX5c(root));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>x5c</c> member of an already decoded header, or null when absent or malformed.</summary>
    public static List<string>? ReadX5c(JsonElement header)
    {
        if (!header.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var entry in x5c.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            list.Add(entry.GetString()!);
        }

        return list;
    }
}
