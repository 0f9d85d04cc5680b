using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Tokens.SdJwt;
using Microsoft.IdentityModel.Tokens;
using static Identity.Tokens.Tests.SdJwt.SdJwtTestKit;

namespace Identity.Tokens.Tests.SdJwt;

/// <summary>One named case per Key Binding JWT check of RFC 9901 §4.3 and §7.3.</summary>
public class KeyBindingRefusalTests
{
    private readonly SdJwtFixture _fixture = new();

    private async Task<string?> CodeOf(string presentation)
        => (await _fixture.VerifyAsync(presentation)).Error?.Code;

    /// <summary>A KB-JWT with a hand-written payload and header type, signed by the holder.</summary>
    private string WithCustomKb(string sdJwt, JsonObject payload, string typ = "kb+jwt", SigningCredentials? key = null)
        => sdJwt + SignJwt(payload, key ?? Es256(_fixture.HolderKey), typ);

    private JsonObject KbPayload(string sdJwt) => new()
    {
        ["iat"] = _fixture.Time.GetUtcNow().ToUnixTimeSeconds(),
        ["aud"] = Audience,
        ["nonce"] = Nonce,
        ["sd_hash"] = Digest(sdJwt),
    };

    [Fact]
    public async Task Valid_key_binding_verifies()
    {
        var result = await _fixture.VerifyAsync(_fixture.Present(ClaimPath.Of("email")));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(_fixture.Time.GetUtcNow().ToUnixTimeSeconds(), result.Value.KeyBindingIssuedAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Hand_written_kb_jwt_helper_produces_a_valid_presentation()
    {
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        Assert.Null(await CodeOf(WithCustomKb(sdJwt, KbPayload(sdJwt))));
    }

    [Fact]
    public async Task Rejects_missing_kb_jwt_when_key_binding_is_required()
        => Assert.Equal(SdJwtErrorCodes.KbJwtMissing, await CodeOf(_fixture.Select(ClaimPath.Of("email"))));

    [Fact]
    public async Task Rejects_a_kb_jwt_even_when_not_required_if_it_does_not_verify()
    {
        var presentation = _fixture.WithKeyBinding(_fixture.Select(ClaimPath.Of("email")), nonce: "other");
        Assert.Equal(SdJwtErrorCodes.KbJwtNonceMismatch, (await _fixture.VerifyAsync(presentation, requireKeyBinding: false)).Error?.Code);
    }

    [Fact]
    public async Task Rejects_wrong_sd_hash()
    {
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        var payload = KbPayload(sdJwt);
        payload["sd_hash"] = Digest(sdJwt + "x");
        Assert.Equal(SdJwtErrorCodes.KbJwtSdHashMismatch, await CodeOf(WithCustomKb(sdJwt, payload)));
    }

    [Fact]
    public async Task Rejects_a_disclosure_removed_after_key_binding()
    {
        var presentation = _fixture.Present(ClaimPath.Of("email"), ClaimPath.Of("given_name"));
        var (jwt, disclosures, kb) = SdJwtFixture.Split(presentation);
        Assert.Equal(SdJwtErrorCodes.KbJwtSdHashMismatch, await CodeOf(SdJwtFixture.Join(jwt, disclosures.Skip(1), kb)));
    }

    [Fact]
    public async Task Rejects_a_kb_jwt_swapped_from_another_presentation()
    {
        var (_, _, kbOfOther) = SdJwtFixture.Split(_fixture.Present(ClaimPath.Of("given_name")));
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        Assert.Equal(SdJwtErrorCodes.KbJwtSdHashMismatch, await CodeOf(sdJwt + kbOfOther));
    }

    [Fact]
    public async Task Rejects_a_stale_iat()
    {
        var presentation = _fixture.WithKeyBinding(_fixture.Select(ClaimPath.Of("email")), iat: Now.AddMinutes(-10));
        Assert.Equal(SdJwtErrorCodes.KbJwtIatInvalid, await CodeOf(presentation));
    }

    [Fact]
    public async Task Rejects_an_iat_in_the_future()
    {
        var presentation = _fixture.WithKeyBinding(_fixture.Select(ClaimPath.Of("email")), iat: Now.AddMinutes(5));
        Assert.Equal(SdJwtErrorCodes.KbJwtIatInvalid, await CodeOf(presentation));
    }

    [Fact]
    public async Task Accepts_an_iat_within_the_clock_skew()
    {
        var presentation = _fixture.WithKeyBinding(_fixture.Select(ClaimPath.Of("email")), iat: Now.AddSeconds(30));
        Assert.Null(await CodeOf(presentation));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"1700000000\"")]
    [InlineData("-5")]
    public async Task Rejects_a_missing_or_invalid_iat(string? iat)
    {
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        var payload = KbPayload(sdJwt);
        payload.Remove("iat");
        if (iat is not null)
        {
            payload["iat"] = JsonNode.Parse(iat);
        }

        Assert.Equal(SdJwtErrorCodes.KbJwtIatInvalid, await CodeOf(WithCustomKb(sdJwt, payload)));
    }

    [Fact]
    public async Task Rejects_another_nonce()
    {
        var presentation = _fixture.WithKeyBinding(_fixture.Select(ClaimPath.Of("email")), nonce: "replayed-nonce");
        Assert.Equal(SdJwtErrorCodes.KbJwtNonceMismatch, await CodeOf(presentation));
    }

    [Fact]
    public async Task Rejects_another_aud()
    {
        var presentation = _fixture.WithKeyBinding(_fixture.Select(ClaimPath.Of("email")), audience: "https://other-rp.example");
        Assert.Equal(SdJwtErrorCodes.KbJwtAudMismatch, await CodeOf(presentation));
    }

    [Fact]
    public async Task Rejects_an_aud_array_even_if_it_contains_the_verifier()
    {
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        var payload = KbPayload(sdJwt);
        payload["aud"] = new JsonArray(Audience);
        Assert.Equal(SdJwtErrorCodes.KbJwtAudMismatch, await CodeOf(WithCustomKb(sdJwt, payload)));
    }

    [Fact]
    public async Task Rejects_a_kb_jwt_signed_by_another_key()
    {
        var presentation = _fixture.WithKeyBinding(_fixture.Select(ClaimPath.Of("email")), holder: Es256(NewEcKey()));
        Assert.Equal(SdJwtErrorCodes.KbJwtSignatureInvalid, await CodeOf(presentation));
    }

    [Fact]
    public async Task Ignores_a_jwk_in_the_kb_jwt_header()
    {
        var attacker = NewEcKey();
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        var kb = SignJwt(KbPayload(sdJwt), Es256(attacker), "kb+jwt", new Dictionary<string, object> { ["jwk"] = PublicJwk(attacker).ToJsonString() });
        Assert.Equal(SdJwtErrorCodes.KbJwtSignatureInvalid, await CodeOf(sdJwt + kb));
    }

    [Fact]
    public async Task Rejects_a_kb_jwt_naming_a_critical_extension()
    {
        // RFC 7515 §4.1.11: an extension listed in crit that the verifier does not understand makes the JWS invalid.
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        var kb = SignJwt(KbPayload(sdJwt), Es256(_fixture.HolderKey), "kb+jwt", new Dictionary<string, object> { ["crit"] = new[] { "x-ext" }, ["x-ext"] = "v" });
        Assert.Equal(SdJwtErrorCodes.KbJwtMalformed, await CodeOf(sdJwt + kb));
    }

    [Fact]
    public async Task Rejects_an_issuer_jwt_naming_a_critical_extension()
    {
        var issuerJwt = SignJwt(new JsonObject { ["iss"] = "https://issuer.example", ["_sd_alg"] = "sha-256" }, Es256(_fixture.IssuerKey), "example+sd-jwt",
            new Dictionary<string, object> { ["crit"] = new[] { "x-ext" }, ["x-ext"] = "v" });
        Assert.Equal(SdJwtErrorCodes.Malformed, (await _fixture.VerifyAsync(issuerJwt + "~", requireKeyBinding: false)).Error?.Code);
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("kb+JWT")]
    [InlineData("example+sd-jwt")]
    public async Task Rejects_a_kb_jwt_with_the_wrong_typ(string typ)
    {
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        Assert.Equal(SdJwtErrorCodes.KbJwtTypInvalid, await CodeOf(WithCustomKb(sdJwt, KbPayload(sdJwt), typ)));
    }

    [Fact]
    public async Task Rejects_a_kb_jwt_with_alg_none()
    {
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        var kb = UnsignedJwt(new JsonObject { ["alg"] = "none", ["typ"] = "kb+jwt" }, KbPayload(sdJwt)) + "AAAA";
        Assert.Equal(SdJwtErrorCodes.KbJwtAlgNotAllowed, await CodeOf(sdJwt + kb));
    }

    [Fact]
    public async Task Rejects_a_kb_jwt_with_a_symmetric_algorithm()
    {
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        var hmac = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256);
        Assert.Equal(SdJwtErrorCodes.KbJwtAlgNotAllowed, await CodeOf(WithCustomKb(sdJwt, KbPayload(sdJwt), key: hmac)));
    }

    [Fact]
    public async Task Rejects_a_kb_jwt_with_a_lone_surrogate_in_its_payload()
    {
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        var kb = SignRaw("{\"alg\":\"ES256\",\"typ\":\"kb+jwt\"}", "{\"nonce\":\"\\ud800\"}", _fixture.HolderKey);
        Assert.Equal(SdJwtErrorCodes.KbJwtMalformed, await CodeOf(sdJwt + kb));
    }

    [Fact]
    public async Task Rejects_an_unreadable_kb_jwt()
    {
        var sdJwt = _fixture.Select(ClaimPath.Of("email"));
        Assert.Equal(SdJwtErrorCodes.KbJwtMalformed, await CodeOf(sdJwt + "eyJhbGciOiJFUzI1NiJ9.bm90LWpzb24.AAAA"));
    }

    [Fact]
    public async Task Rejects_key_binding_when_the_credential_has_no_cnf()
    {
        var claims = SampleClaims(_fixture.HolderKey);
        claims.Remove("cnf");
        var fixture = new SdJwtFixture(claims);
        Assert.Equal(SdJwtErrorCodes.KbJwtCnfMissing, (await fixture.VerifyAsync(fixture.Present(ClaimPath.Of("email")))).Error?.Code);
    }

    [Theory]
    [InlineData("{\"kty\": \"oct\", \"k\": \"AAAA\"}")]
    [InlineData("{\"kty\": \"EC\", \"crv\": 5, \"x\": [], \"y\": {}}")]
    [InlineData("{\"kty\": \"EC\", \"crv\": \"P-384\", \"x\": \"AAAA\", \"y\": \"AAAA\"}")]
    [InlineData("{\"kty\": \"RSA\", \"n\": \"AQAB\", \"e\": \"AQAB\"}")]
    [InlineData("{}")]
    public async Task Rejects_key_binding_when_cnf_jwk_is_not_a_supported_key(string jwk)
    {
        var claims = SampleClaims(_fixture.HolderKey);
        claims["cnf"] = new JsonObject { ["jwk"] = JsonNode.Parse(jwk) };
        var fixture = new SdJwtFixture(claims);
        Assert.Equal(SdJwtErrorCodes.KbJwtCnfInvalid, (await fixture.VerifyAsync(fixture.Present(ClaimPath.Of("email")))).Error?.Code);
    }

    [Fact]
    public async Task Rejects_key_binding_when_cnf_jwk_is_not_a_point_on_the_curve()
    {
        var claims = SampleClaims(_fixture.HolderKey);
        claims["cnf"] = new JsonObject { ["jwk"] = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = "AAAA", ["y"] = "AAAA" } };
        var fixture = new SdJwtFixture(claims);
        var code = (await fixture.VerifyAsync(fixture.Present(ClaimPath.Of("email")))).Error?.Code;
        Assert.True(code is SdJwtErrorCodes.KbJwtCnfInvalid or SdJwtErrorCodes.KbJwtSignatureInvalid, code);
    }

    [Fact]
    public async Task Rejects_key_binding_when_a_disclosable_cnf_was_not_disclosed()
    {
        // cnf made disclosable by a careless issuer and withheld: the KB-JWT header is never a fallback for the Holder key.
        var claims = SampleClaims(_fixture.HolderKey);
        var fixture = new SdJwtFixture(claims, [.. SampleDisclosable, ClaimPath.Of("cnf")]);
        var presentation = fixture.WithKeyBinding(fixture.Select(ClaimPath.Of("email")));
        Assert.Equal(SdJwtErrorCodes.KbJwtCnfMissing, (await fixture.VerifyAsync(presentation)).Error?.Code);
    }
}
