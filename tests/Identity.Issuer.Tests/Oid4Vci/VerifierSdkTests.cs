using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Identity.Verifier;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>An issued credential, presented with one disclosure and key binding, verifies with the project's Verifier SDK.</summary>
public sealed class VerifierSdkTests
{
    [Fact]
    public async Task Issued_credential_presented_with_age_over_18_only_verifies_with_the_verifier_sdk()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var holder = JwkKeys.GenerateEs256();
        var credential = Assert.Single(TestWallet.Credentials(
            await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(holder, await wallet.GetNonceAsync())])));
        var presentation = SdJwtHolder.Present(credential, [ClaimPath.Of("age_over_18")], new SigningCredentials(holder, JoseAlgorithms.ES256),
            "https://rp.example", "rp-nonce-1", server.Clock.GetUtcNow());
        Assert.True(presentation.IsSuccess, presentation.Error?.ToString());

        // Issuer metadata, keys and the status list come from the issuer over HTTP (the test server's handler).
        var options = new AttestationVerifierOptions { AllowLoopbackHttp = true };
        options.TrustedIssuers.Add(new TrustedIssuer(TestWallet.Issuer));
        var verifier = new AttestationVerifier(options, new HttpClient(server.CreateHandler()), server.Clock);
        var result = await verifier.VerifyAsync(presentation.Value, new VerificationOptions { Audience = "https://rp.example", Nonce = "rp-nonce-1" });

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(TestWallet.Issuer, result.Issuer);
        Assert.True(result.Claims!["age_over_18"].GetBoolean());
        Assert.False(result.Claims.ContainsKey("given_name"));
        Assert.False(result.Claims.ContainsKey("birthdate"));
        Assert.Equal(CredentialStatus.Valid, result.Status);
    }
}
