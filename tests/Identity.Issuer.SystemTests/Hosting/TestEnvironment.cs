using System.Reflection;

namespace Identity.Issuer.SystemTests.Hosting;

/// <summary>Where the real components are: from the build, and from the variables .ci/run exports.</summary>
internal static class TestEnvironment
{
    public const string RedisVariable = "IDENTITY_TEST_REDIS";
    public const string PostgresVariable = "IDENTITY_TEST_POSTGRES";
    public const string ChromiumVariable = "IDENTITY_TEST_CHROMIUM";

    /// <summary>The issuer's own build output (its deps.json and runtimeconfig sit beside it).</summary>
    public static string IssuerAssembly => Environment.GetEnvironmentVariable("IDENTITY_TEST_ISSUER_DLL") ?? Metadata("IssuerAssembly");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string RedisOrSkip()
    {
        var value = Environment.GetEnvironmentVariable(RedisVariable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(value), $"{RedisVariable} is not set: start redis-server and set it to host:port (CI uses 127.0.0.1:6390) to run the multi-process tests.");
        return value!;
    }

    public static string PostgresOrSkip()
    {
        var value = Environment.GetEnvironmentVariable(PostgresVariable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(value), $"{PostgresVariable} is not set: start PostgreSQL and set it to an Npgsql connection string (CI uses Host=127.0.0.1;Port=5439;Username=postgres;Database=postgres).");
        return value!;
    }

    public static string ChromiumOrSkip()
    {
        var path = Environment.GetEnvironmentVariable(ChromiumVariable) ?? "/usr/bin/chromium";
        Assert.SkipUnless(File.Exists(path), $"No Chromium at {path}: install Debian's chromium or set {ChromiumVariable}.");
        return path;
    }

    public static string NodeOrSkip()
    {
        var node = FindOnPath("node");
        Assert.SkipWhen(node is null, "node is not on PATH: install nodejs and npm to run the openid-client interoperability test.");
        return node!;
    }

    public static string? FindOnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    private static string Metadata(string key)
        => typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
