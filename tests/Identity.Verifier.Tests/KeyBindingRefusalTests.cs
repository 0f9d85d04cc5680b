using Identity.Tokens.Jose;
using Identity.Verifier.Tests.Support;

namespace Identity.Verifier.Tests;

/// <summary>RFC 9901 §4.3 and §7.3: the Key Binding JWT binds the presentation to the holder, the nonce and the audience.</summary>
public sealed class KeyBindingRefusalTests
{
    private static async Task<string?> CodeAsync(VerifierFixture fx, string presentation)
    {
        var result = await fx.CreateVerifier().VerifyAsync(presentation, VerifierFixture.Expect(), TestContext.Current.CancellationToken);
        return result.Error?.Code;
    }

    private static string Present(VerifierFixture fx, Action<System.Text.Json.Nodes.JsonObject>? header = null, Action<System.Text.Json.Nodes.JsonObject>? payload = null, Microsoft.IdentityModel.Tokens.SecurityKey? kbKey = null)
    {
        var credential = fx.Credentials.Issue(fx.StatusUri);
        return fx.Credentials.Present(credential, VerifierFixture.Nonce, VerifierFixture.Audience, ["age_over_18"], header, payload, kbKey);
    }

    [Fact]
    public async Task Rejects_kb_jwt_with_wrong_typ()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        Assert.Equal(VerifierErrorCodes.KeyBindingWrongType, await CodeAsync(fx, Present(fx, header: h => h["typ"] = "JWT")));
    }

    [Fact]
    public async Task Rejects_unreadable_kb_jwt()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri);
        Assert.Equal(VerifierErrorCodes.PresentationMalformed, await CodeAsync(fx, credential.IssuerJwt + "~garbage"));
    }

    [Fact]
    public async Task Rejects_kb_jwt_with_alg_none()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var presentation = Present(fx);
        var sdJwt = presentation[..(presentation.LastIndexOf('~') + 1)];
        var kbParts = presentation[(presentation.LastIndexOf('~') + 1)..].Split('.');
        var unsigned = Jws.B64("{\"alg\":\"none\",\"typ\":\"kb+jwt\"}") + "." + kbParts[1] + "." + kbParts[2];
        Assert.Equal(VerifierErrorCodes.KeyBindingAlgorithmNotAllowed, await CodeAsync(fx, sdJwt + unsigned));
    }

    [Fact]
    public async Task Rejects_kb_jwt_signed_by_another_key()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        Assert.Equal(VerifierErrorCodes.KeyBindingSignatureInvalid, await CodeAsync(fx, Present(fx, kbKey: JwkKeys.GenerateEs256())));
    }

    [Fact]
    public async Task Rejects_kb_jwt_with_wrong_sd_hash()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        Assert.Equal(VerifierErrorCodes.KeyBindingSdHashMismatch, await CodeAsync(fx, Present(fx, payload: p => p["sd_hash"] = "AAAA")));
    }

    [Fact]
    public async Task Rejects_kb_jwt_after_a_disclosure_was_removed()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri);
        var full = fx.Credentials.Present(credential, VerifierFixture.Nonce, VerifierFixture.Audience, ["age_over_18", "given_name"]);
        var stripped = full.Replace(credential.Disclosures["given_name"] + "~", string.Empty, StringComparison.Ordinal);
        Assert.Equal(VerifierErrorCodes.KeyBindingSdHashMismatch, await CodeAsync(fx, stripped));
    }

    [Fact]
    public async Task Rejects_kb_jwt_with_wrong_nonce()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        Assert.Equal(VerifierErrorCodes.KeyBindingNonceMismatch, await CodeAsync(fx, Present(fx, payload: p => p["nonce"] = "other-nonce")));
    }

    [Fact]
    public async Task Rejects_kb_jwt_with_wrong_audience()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        Assert.Equal(VerifierErrorCodes.KeyBindingAudienceMismatch, await CodeAsync(fx, Present(fx, payload: p => p["aud"] = "redirect_uri:https://evil.example/cb")));
    }

    [Fact]
    public async Task Rejects_stale_kb_jwt()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var old = fx.Clock.GetUtcNow().AddMinutes(-10).ToUnixTimeSeconds();
        Assert.Equal(VerifierErrorCodes.KeyBindingStale, await CodeAsync(fx, Present(fx, payload: p => p["iat"] = old)));
    }

    [Fact]
    public async Task Rejects_kb_jwt_issued_in_the_future()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var future = fx.Clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        Assert.Equal(VerifierErrorCodes.KeyBindingStale, await CodeAsync(fx, Present(fx, payload: p => p["iat"] = future)));
    }

    [Fact]
    public async Task Rejects_kb_jwt_without_iat()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        Assert.Equal(VerifierErrorCodes.KeyBindingStale, await CodeAsync(fx, Present(fx, payload: p => p.Remove("iat"))));
    }

    [Fact]
    public async Task Accepts_ed25519_holder_key()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri, holderKey: JwkKeys.GenerateEd25519());
        var presentation = fx.Credentials.Present(credential, VerifierFixture.Nonce, VerifierFixture.Audience, ["age_over_18"]);
        Assert.Null(await CodeAsync(fx, presentation));
    }
}
