using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Identity.Verifier.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an OS-chosen port, serving whatever a test puts in <see cref="Routes"/>
/// (issuer metadata, JWKS, status list tokens, redirects, slow or oversized answers) and counting requests per path.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public ConcurrentDictionary<string, Func<HttpContext, Task>> Routes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Hits { get; } = new(StringComparer.Ordinal);

    public int TotalHits => Hits.Values.Sum();

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LoopbackServer? server = null;
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            server!.Hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (server.Routes.TryGetValue(path, out var handler))
            {
                await handler(context);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackServer(app, new Uri(address));
        return server;
    }

    public Uri Url(string path) => new(BaseUri, path);

    public void Serve(string path, string contentType, Func<string> body, int status = 200) =>
        Routes[path] = async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body());
        };

    public void Redirect(string path, string location) =>
        Routes[path] = context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
