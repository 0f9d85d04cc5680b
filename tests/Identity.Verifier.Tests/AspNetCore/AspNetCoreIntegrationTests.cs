using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Verifier.AspNetCore;
using Identity.Verifier.Oid4Vp;
using Identity.Verifier.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Identity.Verifier.Tests.AspNetCore;

/// <summary>AddAttestationVerifier and MapAttestationResponse on a real Kestrel pipeline over loopback.</summary>
public sealed class AspNetCoreIntegrationTests
{
    private static async Task<(WebApplication App, Uri BaseUri, List<PresentationResponseResult> Seen)> StartRelyingPartyAsync(
        VerifierFixture fx, Action<AttestationVerifierServiceOptions>? extra = null)
    {
        var seen = new List<PresentationResponseResult>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(fx.Clock);
        builder.Services.AddAttestationVerifier(options =>
        {
            options.Verifier.AllowLoopbackHttp = true;
            options.Verifier.TrustedIssuers.Add(new TrustedIssuer(fx.Issuer));
            options.OpenId4Vp.ResponseUri = new Uri("https://rp.example.ca/vp/response");
            options.OnResponse = (_, result) =>
            {
                lock (seen)
                {
                    seen.Add(result);
                }

                return ValueTask.FromResult<Uri?>(result.IsValid ? new Uri("https://rp.example.ca/done") : null);
            };
            extra?.Invoke(options);
        });
        var app = builder.Build();
        app.MapAttestationResponse("/vp/response");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address), seen);
    }

    [Fact]
    public async Task Accepts_a_wallet_direct_post_and_reports_the_verified_claims()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (app, baseUri, seen) = await StartRelyingPartyAsync(fx);
        await using var _ = app;
        var request = await app.Services.GetRequiredService<OpenId4VpVerifier>()
            .CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var presentation = fx.Credentials.Present(fx.Credentials.Issue(fx.StatusUri), request.Nonce, request.ClientId, ["age_over_18"]);

        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(baseUri, "/vp/response"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["state"] = request.State,
            ["vp_token"] = new JsonObject { ["age"] = new JsonArray(presentation) }.ToJsonString(),
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("https://rp.example.ca/done", body["redirect_uri"]!.GetValue<string>());
        var result = Assert.Single(seen);
        Assert.True(result.IsValid);
        Assert.True(result.Credentials["age"].Claims!["age_over_18"].GetBoolean());
    }

    [Fact]
    public async Task Answers_400_with_an_oauth_error_for_an_unknown_state()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (app, baseUri, seen) = await StartRelyingPartyAsync(fx);
        await using var _ = app;
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(baseUri, "/vp/response"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = "unknown", ["vp_token"] = "{}" }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("invalid_request", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(VerifierErrorCodes.StateUnknown, Assert.Single(seen).Error!.Code);
    }

    [Fact]
    public async Task Refuses_a_response_that_is_not_a_form()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (app, baseUri, _) = await StartRelyingPartyAsync(fx);
        await using var __ = app;
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(baseUri, "/vp/response"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Refuses_an_oversized_response_body()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (app, baseUri, _) = await StartRelyingPartyAsync(fx, o => o.MaxResponseBodyBytes = 4096);
        await using var __ = app;
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(baseUri, "/vp/response"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = "s", ["vp_token"] = new string('a', 20_000) }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Validates_options_at_startup_with_a_message_naming_the_fix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAttestationVerifier(_ => { });
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(error.Failures, f => f.Contains("TrustedIssuer", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ResponseUri", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Uses_trust_sources_registered_in_the_container()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(fx.Clock);
        services.AddSingleton<IIssuerTrustSource>(new KeysTrustSource(fx.Issuer, fx.Credentials.IssuerKey));
        services.AddAttestationVerifier(o =>
        {
            o.Verifier.AllowLoopbackHttp = true;
            o.OpenId4Vp.ResponseUri = new Uri("https://rp.example/vp/response");
        });
        services.AddAttestationVerifier(_ => { });
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AttestationVerifierServiceOptions>>().Value;
        Assert.Single(options.Verifier.TrustSources);
        Assert.Empty(provider.GetRequiredService<IValidateOptions<AttestationVerifierServiceOptions>>().Validate(null, options).Failures ?? []);
        var result = await provider.GetRequiredService<AttestationVerifier>().VerifyAsync(fx.ValidPresentation(), VerifierFixture.Expect(), TestContext.Current.CancellationToken);
        Assert.True(result.IsValid, result.Error?.ToString());
    }

    private sealed class KeysTrustSource(string issuer, Microsoft.IdentityModel.Tokens.SecurityKey key) : IIssuerTrustSource
    {
        public ValueTask<IReadOnlyList<Microsoft.IdentityModel.Tokens.JsonWebKey>?> GetIssuerKeysAsync(string candidate, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<Microsoft.IdentityModel.Tokens.JsonWebKey>?>(
                candidate == issuer ? [Identity.Tokens.Jose.JwkKeys.ExportPublicJwk(key)] : null);
    }

    [Fact]
    public void Registration_is_safe_to_call_twice()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAttestationVerifier(o => o.Verifier.TrustedIssuers.Add(new TrustedIssuer("https://issuer.example")));
        services.AddAttestationVerifier(o => o.OpenId4Vp.ResponseUri = new Uri("https://rp.example/vp/response"));
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(AttestationVerifier));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<AttestationVerifierServiceOptions>));
        var options = provider.GetRequiredService<IOptions<AttestationVerifierServiceOptions>>().Value;
        Assert.Single(options.Verifier.TrustedIssuers);
        Assert.NotNull(options.OpenId4Vp.ResponseUri);
        Assert.Same(provider.GetRequiredService<AttestationVerifier>(), provider.GetRequiredService<AttestationVerifier>());
        Assert.NotNull(provider.GetRequiredService<OpenId4VpVerifier>());
    }
}
