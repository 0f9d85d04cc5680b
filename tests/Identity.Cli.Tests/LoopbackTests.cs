using System.Text.Json;

namespace Identity.Cli.Tests;

/// <summary>The network paths of the tool (issuer metadata, status list URL) against a real HTTP listener on loopback.</summary>
public sealed class LoopbackTests : IDisposable
{
    private readonly CliFixture _fx = new();
    private readonly Dictionary<string, (string ContentType, string Body)> _routes = new(StringComparer.Ordinal);
    private readonly LoopbackServer _server;
    private readonly string _base;

    public LoopbackTests()
    {
        _server = new LoopbackServer((_, path, _) => _routes.TryGetValue(path, out var route) ? (200, route.ContentType, route.Body) : (404, null, null));
        _base = _server.Base;
    }

    public void Dispose()
    {
        _server.Dispose();
        _fx.Dispose();
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
