using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Identity.Issuer.Tests.Registry;

/// <summary>
/// A civil registry's directory API on real HTTP (Kestrel on 127.0.0.1), speaking the contract of docs/citizen-directory.md.
/// It knows one citizen; <see cref="Answer"/> replaces its answers to test outages and broken records.
/// </summary>
internal sealed class FakeCitizenRegistry : IAsyncDisposable
{
    public const string Token = "registry-test-token";
    public const string Username = "luc.bergeron";
    public const string Password = "Registre-Essai-2026";
    public const string CitizenId = "reg-000417";

    public static readonly object Record = new
    {
        id = CitizenId,
        username = Username,
        given_name = "Luc",
        family_name = "Bergeron",
        birthdate = "1979-06-30",
        address = new { street_address = "12, rue Principale", locality = "Rimouski", region = "QC", postal_code = "G5L 1A1", country = "CA" },
        email = "luc.bergeron@exemple.qc.ca",
        assurance_level = 3,
    };

    private readonly WebApplication _app;

    private FakeCitizenRegistry(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every request the registry received: method, path, Authorization header.</summary>
    public ConcurrentQueue<(string Method, string Path, string? Authorization)> Requests { get; } = new();

    /// <summary>When set, answers every request instead of the contract's behaviour.</summary>
    public Func<HttpContext, Task>? Answer { get; set; }

    public static async Task<FakeCitizenRegistry> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var registry = new FakeCitizenRegistry(app);
        app.Use(async (context, next) =>
        {
            registry.Requests.Enqueue((context.Request.Method, context.Request.Path.Value!, context.Request.Headers.Authorization.ToString()));
            if (context.Request.Headers.Authorization != "Bearer " + Token)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            if (registry.Answer is { } answer)
            {
                await answer(context);
                return;
            }

            await next(context);
        });
        app.MapPost("/v1/authenticate", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var valid = body.RootElement.GetProperty("username").GetString() == Username && body.RootElement.GetProperty("password").GetString() == Password;
            if (!valid)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await context.Response.WriteAsJsonAsync(Record);
        });
        app.MapGet("/v1/citizens/{id}", async (HttpContext context, string id) =>
        {
            if (id != CitizenId)
            {
                context.Response.StatusCode = (int)HttpStatusCode.NotFound;
                return;
            }

            await context.Response.WriteAsJsonAsync(Record);
        });
        await app.StartAsync();
        registry.BaseUri = new Uri(app.Urls.Single() + "/v1/");
        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
