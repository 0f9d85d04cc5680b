using Identity.Issuer.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Tests;

/// <summary>Options are validated at startup with messages that name the fix.</summary>
public sealed class ConfigurationTests
{
    private static async Task<string> StartupFailureAsync(Action<IssuerServerOptions> configure)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await IssuerServer.CreateServerAsync(configure);
        });
        var validation = exception as OptionsValidationException ?? exception.InnerException as OptionsValidationException
            ?? throw new Xunit.Sdk.XunitException("Expected an options validation failure, got " + exception);
        return validation.Message;
    }

    [Fact]
    public async Task Refuses_http_issuer_outside_development()
    {
        var message = await StartupFailureAsync(options =>
        {
            options.Environment = "Production";
            options.Settings["Issuer:IssuerUri"] = "http://id.example/";
        });

        Assert.Contains("Issuer:IssuerUri must use https", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requires_an_issuer_uri_outside_development()
    {
        var message = await StartupFailureAsync(options => options.Environment = "Production");

        Assert.Contains("Issuer:IssuerUri is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_short_pairwise_secret()
    {
        var message = await StartupFailureAsync(options => options.Settings["Issuer:PairwiseSecret"] = Convert.ToBase64String(new byte[8]));

        Assert.Contains("Issuer:PairwiseSecret", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_postgresql_without_a_connection_string()
    {
        var message = await StartupFailureAsync(options => options.Settings["Database:Provider"] = "PostgreSQL");

        Assert.Contains("ConnectionStrings:Identity", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starts_in_production_with_an_https_issuer()
    {
        await using var server = await IssuerServer.CreateServerAsync(options =>
        {
            options.Environment = "Production";
            options.Settings["Issuer:IssuerUri"] = "https://id.example/";
            options.Settings["Citizens:Registry:BaseUri"] = "https://registry.example/";
        });

        Assert.NotNull(server.Services);
    }

    [Fact]
    public async Task Production_never_serves_plain_http_redirecting_gets_and_refusing_posts()
    {
        await using var server = await ProductionAsync();
        using var http = server.CreateClient();

        var discovery = await http.GetAsync("/.well-known/openid-configuration");
        var login = await http.GetAsync("/login?ReturnUrl=%2Fattestations");
        var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));
        var nonce = await http.PostAsync("/oid4vci/nonce", null);

        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, discovery.StatusCode);
        Assert.Equal("https://id.example/.well-known/openid-configuration", discovery.Headers.Location!.AbsoluteUri);
        Assert.Equal("https://id.example/login?ReturnUrl=%2Fattestations", login.Headers.Location!.AbsoluteUri);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, token.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, nonce.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Production_over_https_sends_hsts_and_only_secure_cookies()
    {
        await using var server = await ProductionAsync();
        using var http = server.CreateClient();
        http.BaseAddress = new Uri("https://id.example/");

        var page = await http.GetAsync("/login");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    private static Task<IssuerServer> ProductionAsync() => IssuerServer.CreateServerAsync(options =>
    {
        options.Environment = "Production";
        options.Settings["Issuer:IssuerUri"] = "https://id.example/";
        options.Settings["Citizens:Registry:BaseUri"] = "https://registry.example/";
    });

    [Fact]
    public async Task First_run_creates_the_database_keys_and_pairwise_secret_in_the_data_folder()
    {
        await using var server = await IssuerServer.CreateServerAsync();

        foreach (var file in new[] { "issuer.db", "signing-es256.pem", "token-encryption.key", "pairwise.secret" })
        {
            Assert.True(File.Exists(Path.Combine(server.DataPath, file)), file);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server.DataPath, "signing-es256.pem")));
            // The database holds who holds which credential: owner-only too, with its WAL and shared-memory files.
            foreach (var database in Directory.GetFiles(server.DataPath, "issuer.db*"))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database));
            }
        }
    }

    [Fact]
    public async Task A_leftover_temporary_file_of_another_writer_does_not_stop_the_first_run()
    {
        // Every writer of a key file uses a temporary name of its own: the one another process left (here one it still holds,
        // a folder in its place) is never written into.
        var data = Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(data, "pairwise.secret.tmp"));
        try
        {
            await using var server = await IssuerServer.CreateServerAsync(options => options.DataPath = data);

            Assert.True(File.Exists(Path.Combine(data, "pairwise.secret")));
            Assert.Empty(Directory.GetFiles(data, "*.tmp"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void AddIdentityIssuer_is_safe_to_call_twice()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        Hosting.IssuerServiceCollectionExtensions.AddIdentityIssuer(services, configuration);
        var count = services.Count;
        Hosting.IssuerServiceCollectionExtensions.AddIdentityIssuer(services, configuration);

        Assert.Equal(count, services.Count);
    }
}
