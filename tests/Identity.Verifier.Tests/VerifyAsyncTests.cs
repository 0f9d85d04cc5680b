using Identity.Verifier.Tests.Support;

namespace Identity.Verifier.Tests;

public sealed class VerifyAsyncTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Accepts_valid_presentation_and_returns_disclosed_claims_only(bool ed25519)
    {
        await using var fx = await VerifierFixture.CreateAsync(ed25519);
        var result = await fx.CreateVerifier().VerifyAsync(fx.ValidPresentation(), VerifierFixture.Expect("age_over_18"), TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(fx.Issuer, result.Issuer);
        Assert.Equal(TestCredentials.Vct, result.Vct);
        Assert.Equal(CredentialStatus.Valid, result.Status);
        Assert.Equal(["age_over_18", "given_name"], result.Claims.Keys.Order(StringComparer.Ordinal));
        Assert.True(result.Claims["age_over_18"].GetBoolean());
        Assert.NotNull(result.Confirmation);
        Assert.Equal(fx.Clock.GetUtcNow().AddDays(30).ToUnixTimeSeconds(), result.ExpiresAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public void Verifiers_created_without_an_HttpClient_share_one_connection_pool()
    {
        var options = new AttestationVerifierOptions { TrustedIssuers = { new TrustedIssuer("https://issuer.example") } };

        // A relying party that builds a verifier per request must not get a connection pool per request.
        var clients = Enumerable.Range(0, 100).Select(_ => new AttestationVerifier(options).HttpClient).Distinct().ToList();

        Assert.Same(AttestationVerifier.SharedHttpClient, Assert.Single(clients));
        using var own = new HttpClient();
        Assert.Same(own, new AttestationVerifier(options, own).HttpClient);
    }

    [Fact]
    public async Task Accepts_presentation_with_no_disclosure()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var presentation = fx.Credentials.Present(fx.Credentials.Issue(fx.StatusUri), VerifierFixture.Nonce, VerifierFixture.Audience, []);
        var result = await fx.CreateVerifier().VerifyAsync(presentation, VerifierFixture.Expect(), TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Empty(result.Claims);
    }

    [Fact]
    public async Task Caches_issuer_keys_and_status_list_between_calls()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var verifier = fx.CreateVerifier();
        for (var i = 0; i < 3; i++)
        {
            var result = await verifier.VerifyAsync(fx.ValidPresentation(), VerifierFixture.Expect(), TestContext.Current.CancellationToken);
            Assert.True(result.IsValid, result.Error?.ToString());
        }

        Assert.Equal(1, fx.Server.Hits["/.well-known/jwt-vc-issuer" + VerifierFixture.IssuerPath]);
        Assert.Equal(1, fx.Server.Hits[VerifierFixture.StatusPath]);
    }

    [Fact]
    public async Task Accepts_configured_keys_without_any_fetch_when_status_is_not_required()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var options = new AttestationVerifierOptions { RequireStatus = false };
        var jwks = new Microsoft.IdentityModel.Tokens.JsonWebKeySet();
        jwks.Keys.Add(Identity.Tokens.Jose.JwkKeys.ExportPublicJwk(fx.Credentials.IssuerKey));
        options.TrustedIssuers.Add(TrustedIssuer.WithKeys(fx.Issuer, jwks));
        var presentation = fx.Credentials.Present(fx.Credentials.Issue(), VerifierFixture.Nonce, VerifierFixture.Audience, ["age_over_18"]);

        var result = await new AttestationVerifier(options, timeProvider: fx.Clock).VerifyAsync(presentation, VerifierFixture.Expect(), TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(CredentialStatus.NotChecked, result.Status);
        Assert.Equal(0, fx.Server.TotalHits);
    }

    [Fact]
    public void Rejects_invalid_options_at_construction_with_a_message_naming_the_fix()
    {
        var error = Assert.Throws<ArgumentException>(() => new AttestationVerifier(new AttestationVerifierOptions()));
        Assert.Contains("TrustedIssuer", error.Message, StringComparison.Ordinal);
    }
}
