using System.Globalization;

namespace Identity.Issuer.LoadBench;

/// <summary>Command line: <c>--duration 15 --warmup 3 --connections 32 --batches 1,10 --max-rate 3000 --postgres [connection string]</c>;
/// <c>--bound-only</c> skips the HTTP runs (crypto bound and re-sign rows only); <c>--issuer-env NAME=VALUE</c> (repeatable) sets an
/// environment variable of the issuer process, e.g. a runtime knob; <c>--issuer-dll PATH</c> runs another build of the issuer (a
/// baseline), while the in-process rows always use this build.</summary>
internal sealed record Settings(TimeSpan Duration, TimeSpan Warmup, int Connections, int[] Batches, int MaxRate, string? Postgres, int BoundCredentials, int ResignRounds, bool BoundOnly, IReadOnlyDictionary<string, string> IssuerEnvironment, string? IssuerAssembly)
{
    public static Settings Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : null;
        }

        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        string? postgres = null;
        if (args.Contains("--postgres"))
        {
            postgres = Value("--postgres") ?? Environment.GetEnvironmentVariable("IDENTITY_TEST_POSTGRES")
                ?? throw new ArgumentException("--postgres needs a connection string (or IDENTITY_TEST_POSTGRES) of a server where a database can be created.");
        }

        return new Settings(
            TimeSpan.FromSeconds(Number("--duration", 15)),
            TimeSpan.FromSeconds(Number("--warmup", 3)),
            Number("--connections", 32),
            (Value("--batches") ?? "1,10").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray(),
            Number("--max-rate", 3000),
            postgres,
            Number("--bound-credentials", 2000),
            Number("--resign-rounds", 20),
            args.Contains("--bound-only"),
            args.Select((arg, i) => (arg, i)).Where(a => a.arg == "--issuer-env" && a.i + 1 < args.Length)
                .Select(a => args[a.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty, StringComparer.Ordinal),
            Value("--issuer-dll"));
    }

    /// <summary>The folder holding Identity.sln, found upwards from the bench's own binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Identity.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Identity.sln not found above the bench binaries; run the bench from the repository.");
    }
}
