using Identity.Tokens.StatusList;

namespace Identity.Benchmarks;

/// <summary>Status lists with a given share of revoked entries, at random positions from a fixed seed (repeatable).</summary>
public static class StatusListFixtures
{
    public const int Entries = 1_000_000;

    public static TokenStatusList OneBit(double revocationRate, int entries = Entries, int seed = 20261123)
    {
        var list = new TokenStatusList(entries, 1);
        var random = new Random(seed);
        var toRevoke = (int)(entries * revocationRate);
        var revoked = 0;
        while (revoked < toRevoke)
        {
            var index = random.Next(entries);
            if (list.Get(index) == StatusTypes.Valid)
            {
                list.Set(index, StatusTypes.Invalid);
                revoked++;
            }
        }

        return list;
    }
}

/// <summary>The draft's size table (Appendix "Size Comparison") for 1M entries, reproduced with this implementation.</summary>
public static class StatusListSizes
{
    private static readonly (double Rate, string Draft)[] Rows =
    [
        (0.0001, "442 B"), (0.001, "2.2 KB"), (0.01, "13.7 KB"), (0.02, "23.0 KB"), (0.05, "43.9 KB"),
        (0.10, "67.6 KB"), (0.25, "102.2 KB"), (0.50, "122.1 KB"), (0.75, "102.4 KB"), (1.0, "144 B"),
    ];

    public static void Print(TextWriter output)
    {
        output.WriteLine("| revoked | compressed, level 9 (default) | lst chars, level 9 | compressed, level 6 | draft table (KB = 1024 bytes) |");
        output.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var (rate, draft) in Rows)
        {
            var list = StatusListFixtures.OneBit(rate);
            var compressed = list.Compress();
            var level6 = list.Compress(6).Length;
            output.WriteLine(FormattableString.Invariant(
                $"| {rate:P2} | {compressed.Length:N0} B ({compressed.Length / 1024.0:F1} KiB) | {list.Encode().Length:N0} | {level6:N0} B ({level6 / 1024.0:F1} KiB) | {draft} |"));
        }
    }
}
