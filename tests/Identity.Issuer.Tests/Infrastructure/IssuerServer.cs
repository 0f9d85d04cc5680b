using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenIddict.Abstractions;

namespace Identity.Issuer.Tests.Infrastructure;

/// <summary>Options of one in-memory issuer for a test.</summary>
internal sealed class IssuerServerOptions
{
    /// <summary>The data folder; a fresh temporary folder when null. Reuse one to test a restart.</summary>
    public string? DataPath { get; set; }

    public string Environment { get; set; } = "Development";

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    public List<OpenIddictApplicationDescriptor> Clients { get; } = [];

    public FakeTimeProvider Clock { get; set; } = new(DateTimeOffset.UtcNow);

    /// <summary>Extra test service registrations, applied after the application's own.</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    /// <summary>An extra logger provider, to inspect what the server logs.</summary>
    public Microsoft.Extensions.Logging.ILoggerProvider? LoggerProvider { get; set; }
}

/// <summary>One issuer on the ASP.NET Core test server, with a controllable clock and its own data folder.</summary>
internal sealed class IssuerServer : IAsyncDisposable
{
    private readonly Factory _factory;
    private readonly bool _ownsDataPath;

    private IssuerServer(Factory factory, IssuerServerOptions options, bool ownsDataPath)
    {
        _factory = factory;
        Options = options;
        _ownsDataPath = ownsDataPath;
    }

    public IssuerServerOptions Options { get; }

    public FakeTimeProvider Clock => Options.Clock;

    public IServiceProvider Services => _factory.Services;

    public string DataPath => Options.DataPath!;

    /// <summary>The single helper every test uses to start a server.</summary>
    public static async Task<IssuerServer> CreateServerAsync(Action<IssuerServerOptions>? configure = null)
    {
        var options = new IssuerServerOptions();
        configure?.Invoke(options);
        var owns = options.DataPath is null;
        options.DataPath ??= Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));
        var server = new IssuerServer(new Factory(options), options, owns);
        _ = server._factory.Server; // starts the host: schema and seed
        await using var scope = server.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in options.Clients)
        {
            if (await applications.FindByClientIdAsync(client.ClientId!) is null)
            {
                await applications.CreateAsync(client);
            }
        }

        return server;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects. <paramref name="address"/> is the client IP the server sees.</summary>
    public HttpClient CreateClient(string address = "10.0.0.1")
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("http://localhost/") });
        client.DefaultRequestHeaders.Add(TestAddressHeader, address);
        return client;
    }

    /// <summary>A handler for libraries that need one (the OpenID Connect handler's backchannel).</summary>
    public HttpMessageHandler CreateHandler() => _factory.Server.CreateHandler();

    internal const string TestAddressHeader = "X-Test-Client-Address";

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_ownsDataPath)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Options.DataPath!, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temporary folder behind.
            }
        }
    }

    private sealed class Factory(IssuerServerOptions options) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(options.Environment);
            builder.UseSetting("Issuer:DataPath", options.DataPath);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in options.Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(options.Clock);
                services.AddSingleton<IStartupFilter, TestAddressStartupFilter>();
                options.TestServices.ForEach(configure => configure(services));
                if (options.LoggerProvider is { } provider)
                {
                    services.AddSingleton(provider);
                }
            });
        }
    }

    /// <summary>The test server has no client address; tests set one with a header to exercise per-address throttling.</summary>
    private sealed class TestAddressStartupFilter : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(TestAddressHeader, out var value) && IPAddress.TryParse(value, out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
