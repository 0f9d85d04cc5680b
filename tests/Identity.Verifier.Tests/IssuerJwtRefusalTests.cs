using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Verifier.Tests.Support;

namespace Identity.Verifier.Tests;

/// <summary>Each refusal of the issuer-signed JWT (RFC 9901 §7.1, draft-ietf-oauth-sd-jwt-vc §3) has one named case.</summary>
public sealed class IssuerJwtRefusalTests
{
    private static async Task<VerificationResult> VerifyAsync(VerifierFixture fx, string presentation) =>
        await fx.CreateVerifier().VerifyAsync(presentation, VerifierFixture.Expect(), TestContext.Current.CancellationToken);

    private static string Present(VerifierFixture fx, IssuedCredential credential) =>
        fx.Credentials.Present(credential, VerifierFixture.Nonce, VerifierFixture.Audience, ["age_over_18"]);

    [Theory]
    [InlineData("")]
    [InlineData("not-a-presentation")]
    [InlineData("a.b.c~")]
    public async Task Rejects_malformed_presentation(string presentation)
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var result = await VerifyAsync(fx, presentation);
        Assert.Equal(presentation.EndsWith('~') ? VerifierErrorCodes.KeyBindingMissing : VerifierErrorCodes.PresentationMalformed, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_presentation_without_key_binding_jwt()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri);
        var result = await VerifyAsync(fx, credential.IssuerJwt + "~" + credential.Disclosures["age_over_18"] + "~");
        Assert.Equal(VerifierErrorCodes.KeyBindingMissing, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_oversized_presentation()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var result = await VerifyAsync(fx, new string('a', fx.Options.MaxPresentationLength + 1) + "~x");
        Assert.Equal(VerifierErrorCodes.PresentationTooLarge, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_unreadable_issuer_jwt()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var result = await VerifyAsync(fx, "eyJ.eyJ.sig~kb");
        Assert.Equal(VerifierErrorCodes.PresentationMalformed, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_alg_none()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var signed = fx.Credentials.Issue(fx.StatusUri);
        var parts = signed.IssuerJwt.Split('.');
        var unsigned = Jws.B64("{\"alg\":\"none\",\"typ\":\"dc+sd-jwt\"}") + "." + parts[1] + "." + parts[2];
        var result = await VerifyAsync(fx, Present(fx, signed with { IssuerJwt = unsigned }));
        Assert.Equal(VerifierErrorCodes.AlgorithmNotAllowed, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_unexpected_algorithm()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Options.AllowedAlgorithms.Remove(JoseAlgorithms.ES256);
        var result = await VerifyAsync(fx, fx.ValidPresentation());
        Assert.Equal(VerifierErrorCodes.AlgorithmNotAllowed, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_wrong_typ()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri, editHeader: h => h["typ"] = "JWT");
        Assert.Equal(VerifierErrorCodes.IssuerJwtWrongType, (await VerifyAsync(fx, Present(fx, credential))).Error!.Code);
    }

    [Fact]
    public async Task Rejects_untrusted_issuer_without_any_fetch()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri, editPayload: p => p["iss"] = fx.Server.Url("/issuers/unknown").AbsoluteUri);
        var result = await VerifyAsync(fx, Present(fx, credential));
        Assert.Equal(VerifierErrorCodes.IssuerUntrusted, result.Error!.Code);
        Assert.Equal(0, fx.Server.TotalHits);
    }

    [Fact]
    public async Task Rejects_key_carried_in_jwk_header()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var attacker = JwkKeys.GenerateEs256();
        var credential = fx.Credentials.Issue(fx.StatusUri, signingKey: attacker,
            editHeader: h => h["jwk"] = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(attacker))));
        Assert.Equal(VerifierErrorCodes.IssuerSignatureInvalid, (await VerifyAsync(fx, Present(fx, credential))).Error!.Code);
    }

    [Fact]
    public async Task Rejects_jku_and_x5u_headers_as_key_sources()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var attacker = JwkKeys.GenerateEs256();
        fx.Server.Serve("/attacker/jwks", "application/json", () => "{\"keys\":[" + JwkKeys.ToJson(JwkKeys.ExportPublicJwk(attacker)) + "]}");
        var credential = fx.Credentials.Issue(fx.StatusUri, signingKey: attacker, editHeader: h =>
        {
            h["jku"] = fx.Server.Url("/attacker/jwks").AbsoluteUri;
            h["x5u"] = fx.Server.Url("/attacker/cert").AbsoluteUri;
        });
        Assert.Equal(VerifierErrorCodes.IssuerSignatureInvalid, (await VerifyAsync(fx, Present(fx, credential))).Error!.Code);
        Assert.False(fx.Server.Hits.ContainsKey("/attacker/jwks"));
    }

    [Fact]
    public async Task Rejects_tampered_payload()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri);
        var parts = credential.IssuerJwt.Split('.');
        var tampered = parts[0] + "." + Jws.B64(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))).Replace("identity", "identitz", StringComparison.Ordinal)) + "." + parts[2];
        Assert.Equal(VerifierErrorCodes.IssuerSignatureInvalid, (await VerifyAsync(fx, Present(fx, credential with { IssuerJwt = tampered }))).Error!.Code);
    }

    [Fact]
    public async Task Rejects_metadata_naming_another_issuer()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.PublishMetadata(fx.Credentials.IssuerKey, issuerMember: "https://other.example");
        Assert.Equal(VerifierErrorCodes.IssuerMetadataInvalid, (await VerifyAsync(fx, fx.ValidPresentation())).Error!.Code);
    }

    [Fact]
    public async Task Rejects_metadata_with_both_jwks_and_jwks_uri()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Server.Serve("/.well-known/jwt-vc-issuer" + VerifierFixture.IssuerPath, "application/json",
            () => "{\"issuer\":\"" + fx.Issuer + "\",\"jwks\":{\"keys\":[]},\"jwks_uri\":\"" + fx.Server.Url("/jwks") + "\"}");
        Assert.Equal(VerifierErrorCodes.IssuerMetadataInvalid, (await VerifyAsync(fx, fx.ValidPresentation())).Error!.Code);
    }

    [Fact]
    public async Task Accepts_metadata_with_jwks_uri()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Server.Serve("/jwks", "application/jwk-set+json", () => "{\"keys\":[" + JwkKeys.ToJson(JwkKeys.ExportPublicJwk(fx.Credentials.IssuerKey)) + "]}");
        fx.Server.Serve("/.well-known/jwt-vc-issuer" + VerifierFixture.IssuerPath, "application/json",
            () => "{\"issuer\":\"" + fx.Issuer + "\",\"jwks_uri\":\"" + fx.Server.Url("/jwks") + "\"}");
        var result = await VerifyAsync(fx, fx.ValidPresentation());
        Assert.True(result.IsValid, result.Error?.ToString());
    }

    [Fact]
    public async Task Rejects_when_issuer_metadata_is_unreachable()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Server.Routes.TryRemove("/.well-known/jwt-vc-issuer" + VerifierFixture.IssuerPath, out _);
        Assert.Equal(VerifierErrorCodes.FetchFailed, (await VerifyAsync(fx, fx.ValidPresentation())).Error!.Code);
    }

    [Fact]
    public async Task Rejects_expired_credential()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri, editPayload: p => p["exp"] = fx.Clock.GetUtcNow().AddMinutes(-2).ToUnixTimeSeconds());
        Assert.Equal(VerifierErrorCodes.CredentialExpired, (await VerifyAsync(fx, Present(fx, credential))).Error!.Code);
    }

    [Fact]
    public async Task Rejects_credential_not_yet_valid()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri, editPayload: p => p["nbf"] = fx.Clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds());
        Assert.Equal(VerifierErrorCodes.CredentialNotYetValid, (await VerifyAsync(fx, Present(fx, credential))).Error!.Code);
    }

    [Fact]
    public async Task Rejects_missing_vct_or_vct_not_accepted()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var other = fx.Credentials.Issue(fx.StatusUri, editPayload: p => p["vct"] = "https://other.example/type");
        var none = fx.Credentials.Issue(fx.StatusUri, editPayload: p => p.Remove("vct"));
        Assert.Equal(VerifierErrorCodes.VctNotAccepted, (await VerifyAsync(fx, Present(fx, other))).Error!.Code);
        Assert.Equal(VerifierErrorCodes.VctMissing, (await VerifyAsync(fx, Present(fx, none))).Error!.Code);
    }

    [Fact]
    public async Task Rejects_missing_required_claim()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var result = await fx.CreateVerifier().VerifyAsync(fx.ValidPresentation(), VerifierFixture.Expect("birthdate"), TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.RequiredClaimMissing, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_credential_without_holder_key()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri, editPayload: p => p.Remove("cnf"));
        Assert.Equal(VerifierErrorCodes.HolderKeyMissing, (await VerifyAsync(fx, Present(fx, credential))).Error!.Code);
    }

    private static string Pad(string b64Url)
    {
        var s = b64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}
