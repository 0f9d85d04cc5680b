namespace Identity.Issuer.SystemTests.Hosting;

/// <summary>Which database the processes share.</summary>
internal enum SharedDatabase
{
    /// <summary>The embedded default: one SQLite file in the shared data folder.</summary>
    Sqlite,

    /// <summary>A fresh database on the server named by <c>IDENTITY_TEST_POSTGRES</c>.</summary>
    PostgreSql,
}

/// <summary>
/// One or more issuer processes that behave as replicas of one service: one data folder (keys, SQLite file, pairwise
/// secret), one database, one Redis key prefix, one issuer URL (the first process's address, as a load balancer's would be).
/// </summary>
internal sealed class IssuerCluster : IAsyncDisposable
{
    private readonly List<IssuerProcess> _processes = [];

    private IssuerCluster(DirectoryInfo dataFolder, Uri issuer, string? postgresDatabase)
    {
        DataFolder = dataFolder;
        Issuer = issuer;
        PostgresDatabase = postgresDatabase;
    }

    public DirectoryInfo DataFolder { get; }

    /// <summary>The issuer identifier every replica publishes.</summary>
    public Uri Issuer { get; }

    /// <summary>The PostgreSQL database created for this cluster, when one was.</summary>
    public string? PostgresDatabase { get; }

    public IReadOnlyList<IssuerProcess> Processes => _processes;

    public IssuerProcess this[int index] => _processes[index];

    /// <summary>Everything every process wrote, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _processes.Select(p => p.Output));

    /// <summary>
    /// Starts <paramref name="count"/> processes; with more than one, a Redis (IDENTITY_TEST_REDIS) is required. One after the
    /// other by default; all at once with <paramref name="startTogether"/>, as replicas rolled out together on an empty database.
    /// </summary>
    public static async Task<IssuerCluster> StartAsync(
        int count,
        SharedDatabase database = SharedDatabase.Sqlite,
        bool useRedis = true,
        IReadOnlyDictionary<string, string?>? extraSettings = null,
        CancellationToken cancellationToken = default,
        bool startTogether = false)
    {
        var redis = useRedis ? TestEnvironment.RedisOrSkip() : null;
        var postgres = database == SharedDatabase.PostgreSql ? await PostgresDatabases.CreateAsync(cancellationToken) : null;
        var ports = Enumerable.Range(0, count).Select(_ => IssuerProcess.FreePort()).ToArray();
        var cluster = new IssuerCluster(Directory.CreateTempSubdirectory("issuer-system-"), new Uri($"http://127.0.0.1:{ports[0]}/"), postgres?.Database);
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Issuer__IssuerUri"] = cluster.Issuer.AbsoluteUri,
            // Loopback test processes speak plain http; production refuses it (see the issuer's options validator).
            ["Issuer__AllowInsecureHttp"] = "true",
            ["Issuer__SeedDemoData"] = "true",
            ["Issuer__DataPath"] = cluster.DataFolder.FullName,
            ["Logging__LogLevel__Default"] = "Warning",
            // A build output has no wwwroot (publish copies it): serve the stylesheet from the sources, as a published site would.
            ["ASPNETCORE_WEBROOT"] = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Identity.Issuer", "wwwroot"),
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        if (redis is not null)
        {
            settings["Redis__Configuration"] = redis;
            settings["Redis__InstanceName"] = "systemtest:" + Guid.NewGuid().ToString("N")[..12] + ":";
        }

        if (postgres is not null)
        {
            settings["Database__Provider"] = "PostgreSQL";
            settings["ConnectionStrings__Identity"] = postgres.ConnectionString;
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        try
        {
            if (startTogether)
            {
                await StartTogetherAsync(cluster, ports, settings, cancellationToken);
            }
            else
            {
                // The first process creates the database and keys; the others then start on them.
                for (var i = 0; i < count; i++)
                {
                    cluster._processes.Add(await IssuerProcess.StartAsync(((char)('A' + i)).ToString(), ports[i], settings, cancellationToken));
                }
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    private static async Task StartTogetherAsync(IssuerCluster cluster, int[] ports, Dictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var starts = ports.Select((port, i) => IssuerProcess.StartAsync(((char)('A' + i)).ToString(), port, settings, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        finally
        {
            // Keep every process that did start, so that dispose kills it even when another failed.
            cluster._processes.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Shown with the test's result when it fails: what the issuers logged (warnings and errors; no tokens are logged).
        TestContext.Current.TestOutputHelper?.WriteLine(Output);
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (PostgresDatabase is not null)
        {
            await PostgresDatabases.DropAsync(PostgresDatabase);
        }

        try
        {
            DataFolder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process; the temp folder is cleaned by the OS eventually.
        }
    }
}
