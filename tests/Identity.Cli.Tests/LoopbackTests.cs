using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Identity.Cli.Tests;

/// <summary>The network paths of the tool (issuer metadata, status list URL) against a real HTTP listener on loopback.</summary>
public sealed class LoopbackTests : IDisposable
{
    private readonly CliFixture _fx = new();
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, (string ContentType, string Body)> _routes = new(StringComparer.Ordinal);
    private readonly string _base;

    public LoopbackTests()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _base = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(_base + "/");
        _listener.Start();
        _ = ServeAsync();
    }

    public void Dispose()
    {
        _listener.Close();
        _fx.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            if (_routes.TryGetValue(context.Request.Url!.AbsolutePath, out var route))
            {
                context.Response.ContentType = route.ContentType;
                var bytes = Encoding.UTF8.GetBytes(route.Body);
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }

    [Fact]
    public async Task Verify_with_issuer_metadata_fetches_the_keys_over_loopback_in_development()
    {
        var issuer = _base + "/issuer";
        _routes["/.well-known/jwt-vc-issuer/issuer"] = ("application/json", "{\"issuer\":\"" + issuer + "\",\"jwks\":" + _fx.IssuerJwksJson() + "}");
        var file = _fx.Write("p.txt", _fx.Presentation(issuer, CliFixture.Nonce, ["age_over_18"]));

        var (exit, stdout, stderr) = await _fx.RunAsync(["verify", file, "--aud", CliFixture.Audience, "--nonce", CliFixture.Nonce,
            "--issuer-metadata", _base + "/.well-known/jwt-vc-issuer/issuer", "--allow-loopback-http"]);

        Assert.True(exit == ExitCodes.Success, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(issuer, json.RootElement.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task Verify_refuses_plain_http_metadata_without_the_development_flag()
    {
        var issuer = _base + "/issuer";
        _routes["/.well-known/jwt-vc-issuer/issuer"] = ("application/json", "{\"issuer\":\"" + issuer + "\",\"jwks\":" + _fx.IssuerJwksJson() + "}");
        var file = _fx.Write("p.txt", _fx.Presentation(issuer, CliFixture.Nonce, ["age_over_18"]));

        var (exit, stdout, _) = await _fx.RunAsync(["verify", file, "--aud", CliFixture.Audience, "--nonce", CliFixture.Nonce, "--issuer-metadata", issuer]);

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("FETCH_INSECURE_URL", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reads_a_status_list_token_from_a_url()
    {
        _routes["/status/1"] = ("application/statuslist+jwt", _fx.StatusListToken(2, index: 5));
        var (exit, stdout, stderr) = await _fx.RunAsync(["status", _base + "/status/1", "--index", "5", "--allow-loopback-http"]);

        Assert.True(exit == ExitCodes.Success, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("SUSPENDED", json.RootElement.GetProperty("status_name").GetString());
    }

    [Fact]
    public async Task Status_reports_an_unreachable_list_with_exit_1()
    {
        var (exit, stdout, _) = await _fx.RunAsync(["status", _base + "/status/missing", "--index", "0", "--allow-loopback-http"]);
        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("FETCH_FAILED", stdout, StringComparison.Ordinal);
    }
}
