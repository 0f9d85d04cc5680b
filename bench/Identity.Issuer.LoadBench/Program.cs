using System.Globalization;
using System.Reflection;
using Identity.Issuer.LoadBench;
using Npgsql;

// Credential endpoint throughput (OpenID4VCI §8) over real HTTP against the crypto bound of the same run, and the re-sign of a
// 1,000,000-entry status list after one revocation. Usage and figures: docs/performance.md, "Issuer: credential endpoint".
var settings = Settings.Parse(args);
var configuration = typeof(Settings).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
var root = Settings.RepositoryRoot();
var assembly = settings.IssuerAssembly ?? Path.Combine(root, "src", "Identity.Issuer", "bin", configuration, "net10.0", "Identity.Issuer.dll");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, bench build {configuration}, load average {LoadAverage()}");
if (!string.Equals(configuration, "Release", StringComparison.Ordinal))
{
    Console.WriteLine("warning: not a Release build; run with -c Release for figures worth recording");
}

string? database = null;
string? postgres = null;
if (settings.Postgres is { } server)
{
    database = "identity_bench_" + Guid.NewGuid().ToString("N")[..12];
    postgres = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
}

try
{
    if (!settings.BoundOnly)
    {
        await RunHttpAsync(settings, assembly, postgres);
    }

    Console.WriteLine();
    using var bound = new CryptoBound();
    var perThread = settings.BoundCredentials;
    Console.WriteLine($"crypto bound, in this process, issuer idle (credential signing input {bound.CredentialSigningInputBytes} bytes):");
    Console.WriteLine("| per credential | 1 thread | 2 threads |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine(Invariant($"| raw: ES256 proof verify (with key import) + ES256 sign | {bound.Raw(1, perThread)} | {bound.Raw(2, perThread)} |"));
    Console.WriteLine(Invariant($"| issuer code: JwtProofValidator + IdentityCredentialBuilder | {bound.IssuerCode(1, perThread)} | {bound.IssuerCode(2, perThread)} |"));
    Console.WriteLine(Invariant($"| of which JwtProofValidator alone | {bound.ProofValidation(1, perThread)} | {bound.ProofValidation(2, perThread)} |"));
    Console.WriteLine(Invariant($"| of which IdentityCredentialBuilder alone | {bound.CredentialBuilding(1, perThread)} | {bound.CredentialBuilding(2, perThread)} |"));

    Console.WriteLine();
    var signing = new Identity.Issuer.Oid4Vci.Keys.CredentialSigningKeys(new Identity.Issuer.Keys.DataFolder(
        Microsoft.Extensions.Options.Options.Create(new Identity.Issuer.Configuration.IssuerOptions { DataPath = Path.Combine(Path.GetTempPath(), "issuer-loadbench", "resign-key") }),
        new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() })).SigningCredentials;
    foreach (var share in new[] { 0.01, 0.10 })
    {
        var (median, max, payload) = StatusListResign.Measure(signing, settings.ResignRounds, share);
        Console.WriteLine(Invariant($"| re-sign after one revocation, 1,000,000 entries x 2 bits, {share:P0} revoked, zlib 6, ES256 | median **{median:F1} ms** | max {max:F1} ms | payload {payload:N0} chars |"));
    }
}
finally
{
    if (database is not null && settings.Postgres is { } postgresServer)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgresServer) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

static async Task RunHttpAsync(Settings settings, string assembly, string? postgres)
{
    await using var issuer = await IssuerHost.StartAsync(assembly, postgres, settings.IssuerEnvironment);
    Console.WriteLine($"issuer: {assembly}");
    Console.WriteLine($"issuer: {issuer.BaseAddress} (pid {issuer.ProcessId}, {(postgres is null ? "SQLite" : "PostgreSQL")}{string.Concat(settings.IssuerEnvironment.Select(e => $", {e.Key}={e.Value}"))}), {settings.Connections} connections, {settings.Duration.TotalSeconds:F0} s per batch size after {settings.Warmup.TotalSeconds:F0} s warm-up");
    var tokens = await Wallet.AccessTokensAsync(issuer.BaseAddress, settings.Connections);
    var rows = new List<string>();
    foreach (var batch in settings.Batches)
    {
        var total = (int)Math.Ceiling((settings.Warmup + settings.Duration).TotalSeconds * settings.MaxRate / batch);
        Console.WriteLine($"batch {batch}: preparing {total:N0} requests (nonces and {total * batch:N0} proofs) outside the timed phase");
        var prepared = await Wallet.PrepareAsync(issuer.BaseAddress, tokens, total, batch, settings.Connections);
        var warm = await LoadRun.RunAsync(issuer, prepared, 0, settings.Connections, settings.Warmup);
        var run = await LoadRun.RunAsync(issuer, prepared, warm.Requests, settings.Connections, settings.Duration);
        if (warm.Requests + run.Requests >= prepared.Length)
        {
            Console.WriteLine($"warning: the {prepared.Length:N0} prepared requests ran out after {run.Elapsed.TotalSeconds:F1} s; raise --max-rate");
        }

        if (run.Failures + warm.Failures > 0)
        {
            Console.WriteLine($"FAILURES: {run.Failures + warm.Failures}, first: {run.FirstFailure ?? warm.FirstFailure}");
        }

        rows.Add(Invariant($"| {batch} | {run.Credentials:N0} in {run.Elapsed.TotalSeconds:F1} s | **{run.CredentialsPerSecond:N0}** | {run.P50Ms:F1} ms | {run.P99Ms:F1} ms | {run.CpuMsPerCredential:F3} ms | {run.ClientCpuMsPerCredential:F3} ms | {run.Failures} |"));
        Console.WriteLine(rows[^1]);
    }

    Console.WriteLine();
    Console.WriteLine("| batch | credentials | credentials/s over HTTP | p50 (request) | p99 (request) | issuer CPU per credential | client CPU per credential | failed requests |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
    rows.ForEach(Console.WriteLine);

}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
