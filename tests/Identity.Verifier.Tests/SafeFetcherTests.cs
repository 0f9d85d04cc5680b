using Identity.Verifier.Http;
using Identity.Verifier.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Identity.Verifier.Tests;

/// <summary>Every fetch defence against a hostile URL, on a real loopback server.</summary>
public sealed class SafeFetcherTests : IAsyncLifetime
{
    private static readonly string[] Json = ["application/json"];
    private LoopbackServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static SafeFetcher Fetcher(Action<AttestationVerifierOptions>? configure = null)
    {
        var options = new AttestationVerifierOptions { AllowLoopbackHttp = true, FetchTimeout = TimeSpan.FromSeconds(2), MaxResponseBytes = 4096 };
        configure?.Invoke(options);
        return new SafeFetcher(new HttpClient(SafeFetcher.CreateDefaultHandler()), options);
    }

    private async Task<string?> CodeAsync(SafeFetcher fetcher, string pathOrUrl)
    {
        var uri = pathOrUrl.StartsWith('/') ? _server.Url(pathOrUrl) : new Uri(pathOrUrl);
        var result = await fetcher.GetAsync(uri, Json, TestContext.Current.CancellationToken);
        return result.Error?.Code;
    }

    [Fact]
    public async Task Fetches_json_over_loopback_http_in_development()
    {
        _server.Serve("/ok", "application/json", () => "{}");
        Assert.Null(await CodeAsync(Fetcher(), "/ok"));
    }

    [Fact]
    public async Task Refuses_http_without_the_development_option()
    {
        _server.Serve("/ok", "application/json", () => "{}");
        Assert.Equal(VerifierErrorCodes.FetchInsecureUrl, await CodeAsync(Fetcher(o => o.AllowLoopbackHttp = false), "/ok"));
        Assert.Equal(0, _server.TotalHits);
    }

    [Fact]
    public async Task Refuses_http_to_a_non_loopback_host_even_in_development()
    {
        Assert.Equal(VerifierErrorCodes.FetchInsecureUrl, await CodeAsync(Fetcher(), "http://issuer.example/.well-known/jwt-vc-issuer"));
    }

    [Fact]
    public async Task Refuses_url_with_credentials()
    {
        Assert.Equal(VerifierErrorCodes.FetchInsecureUrl, await CodeAsync(Fetcher(), "https://user:pass@issuer.example/x"));
    }

    [Fact]
    public async Task Refuses_redirect_to_another_host()
    {
        _server.Redirect("/away", $"http://localhost:{_server.BaseUri.Port}/ok");
        _server.Serve("/ok", "application/json", () => "{}");
        Assert.Equal(VerifierErrorCodes.FetchRedirectRefused, await CodeAsync(Fetcher(), "/away"));
        Assert.False(_server.Hits.ContainsKey("/ok"));
    }

    [Fact]
    public async Task Follows_one_same_host_redirect_but_not_two()
    {
        _server.Serve("/ok", "application/json", () => "{}");
        _server.Redirect("/one", "/ok");
        _server.Redirect("/two", "/one");
        Assert.Null(await CodeAsync(Fetcher(), "/one"));
        Assert.Equal(VerifierErrorCodes.FetchRedirectRefused, await CodeAsync(Fetcher(), "/two"));
    }

    [Fact]
    public async Task Refuses_cross_host_redirect_followed_by_an_injected_client()
    {
        _server.Redirect("/away", $"http://localhost:{_server.BaseUri.Port}/ok");
        _server.Serve("/ok", "application/json", () => "{}");
        var options = new AttestationVerifierOptions { AllowLoopbackHttp = true };
        var fetcher = new SafeFetcher(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true }), options);
        Assert.Equal(VerifierErrorCodes.FetchRedirectRefused, await CodeAsync(fetcher, "/away"));
    }

    [Fact]
    public async Task Refuses_oversized_response()
    {
        _server.Serve("/big", "application/json", () => "\"" + new string('a', 10_000) + "\"");
        Assert.Equal(VerifierErrorCodes.FetchTooLarge, await CodeAsync(Fetcher(), "/big"));
    }

    [Fact]
    public async Task Refuses_oversized_chunked_response_without_content_length()
    {
        _server.Routes["/chunked"] = async context =>
        {
            context.Response.ContentType = "application/json";
            for (var i = 0; i < 10; i++)
            {
                await context.Response.WriteAsync(new string('a', 1000));
                await context.Response.Body.FlushAsync();
            }
        };
        Assert.Equal(VerifierErrorCodes.FetchTooLarge, await CodeAsync(Fetcher(), "/chunked"));
    }

    [Fact]
    public async Task Refuses_slow_response()
    {
        _server.Routes["/slow"] = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        };
        Assert.Equal(VerifierErrorCodes.FetchTimeout, await CodeAsync(Fetcher(o => o.FetchTimeout = TimeSpan.FromMilliseconds(300)), "/slow"));
    }

    [Fact]
    public async Task Refuses_unexpected_content_type()
    {
        _server.Serve("/html", "text/html", () => "<html></html>");
        Assert.Equal(VerifierErrorCodes.FetchContentType, await CodeAsync(Fetcher(), "/html"));
    }

    [Fact]
    public async Task Reports_http_errors()
    {
        Assert.Equal(VerifierErrorCodes.FetchFailed, await CodeAsync(Fetcher(), "/missing"));
    }

    [Fact]
    public void Builds_the_well_known_metadata_url_before_the_issuer_path()
    {
        Assert.Equal("https://example.com/.well-known/jwt-vc-issuer/tenant/1234",
            Trust.IssuerMetadataClient.MetadataUri(new Uri("https://example.com/tenant/1234")).AbsoluteUri);
        Assert.Equal("https://example.com/.well-known/jwt-vc-issuer",
            Trust.IssuerMetadataClient.MetadataUri(new Uri("https://example.com")).AbsoluteUri);
    }
}
