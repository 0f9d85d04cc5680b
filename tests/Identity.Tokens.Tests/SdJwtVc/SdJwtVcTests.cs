using System.Text.Json.Nodes;
using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;
using Identity.Tokens.Tests.SdJwt;
using Microsoft.IdentityModel.Tokens;
using static Identity.Tokens.Tests.SdJwt.SdJwtTestKit;

namespace Identity.Tokens.Tests.SdJwtVc;

public class SdJwtVcTests
{
    private const string Vct = "https://attestations.example.qc.ca/identite/v1";

    private readonly ECDsaSecurityKey _issuerKey = NewEcKey();
    private readonly ECDsaSecurityKey _holderKey = NewEcKey();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Clock();

    private SdJwtVcIssueRequest Request(Action<JsonObject>? editClaims = null)
    {
        var claims = new JsonObject
        {
            ["given_name"] = "Marie",
            ["family_name"] = "Gagnon",
            ["birthdate"] = "1990-05-17",
            ["age_over_18"] = true,
            ["address"] = new JsonObject { ["locality"] = "Québec", ["region"] = "QC", ["country"] = "CA" },
        };
        editClaims?.Invoke(claims);
        return new SdJwtVcIssueRequest
        {
            Issuer = "https://issuer.example.qc.ca",
            Vct = Vct,
            Claims = claims,
            HolderPublicJwk = PublicJwk(_holderKey),
            Status = new SdJwtVcStatusReference(1234, "https://issuer.example.qc.ca/statuslists/1"),
            Expires = Now.AddDays(365),
        };
    }

    private string Issue(SdJwtVcIssueRequest? request = null) => new SdJwtVcIssuer(_time).Issue(request ?? Request(), Es256(_issuerKey));

    private string Present(string issued, params ClaimPath[] paths)
        => SdJwtHolder.AddKeyBinding(SdJwtHolder.SelectDisclosures(issued, paths).Value!, Es256(_holderKey), Audience, Nonce, _time.GetUtcNow());

    private SdJwtVcVerificationOptions Options(Action<SdJwtVcVerificationOptionsBuilder>? configure = null)
    {
        var builder = new SdJwtVcVerificationOptionsBuilder { Keys = [_issuerKey] };
        configure?.Invoke(builder);
        return new SdJwtVcVerificationOptions
        {
            IssuerSigningKeys = builder.Keys,
            ExpectedAudience = Audience,
            ExpectedNonce = Nonce,
            RequireKeyBinding = builder.RequireKeyBinding,
            AcceptedVcts = builder.AcceptedVcts,
            AcceptLegacyType = builder.AcceptLegacyType,
        };
    }

    private Task<Identity.Tokens.Results.TokenResult<SdJwtVcCredential>> Verify(string presentation, SdJwtVcVerificationOptions? options = null)
        => new SdJwtVcVerifier(_time).VerifyAsync(presentation, options ?? Options(), TestContext.Current.CancellationToken);

    /// <summary>A credential signed by the trusted issuer with any payload, typ and disclosable paths.</summary>
    private string Craft(JsonObject payload, string typ = SdJwtVcClaims.Type, params ClaimPath[] disclosable)
        => SdJwtIssuer.Issue(payload, disclosable, Es256(_issuerKey), typ);

    private JsonObject MinimalPayload() => new()
    {
        ["iss"] = "https://issuer.example.qc.ca",
        ["iat"] = Now.ToUnixTimeSeconds(),
        ["vct"] = Vct,
        ["cnf"] = Cnf(_holderKey),
        ["age_over_18"] = true,
    };

    [Fact]
    public async Task Draft_19_figure_8_presentation_with_key_binding_gives_figure_9()
    {
        var expected = ReadJson("SdJwtVc", "sd-jwt-vc-19-expected.json");
        var presentation = ReadData("SdJwtVc", "sd-jwt-vc-19-figure8-presentation.txt");
        var kbIat = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(presentation[(presentation.LastIndexOf('~') + 1)..]).IssuedAt;
        var verifier = new SdJwtVcVerifier(Clock(new DateTimeOffset(kbIat, TimeSpan.Zero)));

        var result = await verifier.VerifyAsync(presentation, new SdJwtVcVerificationOptions
        {
            IssuerSigningKeys = [new JsonWebKey(ReadData("SdJwt", "rfc9901-a5-issuer-key.json"))],
            ExpectedAudience = expected["kbAudience"]!.GetValue<string>(),
            ExpectedNonce = expected["kbNonce"]!.GetValue<string>(),
            AcceptedVcts = ["https://credentials.example.com/identity_credential"],
        }, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(JsonNode.DeepEquals(expected["figure9ProcessedPayload"], result.Value.Presentation.Payload));
        Assert.Equal("https://example.com/issuer", result.Value.Issuer);
        Assert.Equal(["address", "is_over_65"], result.Value.Claims.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.NotNull(result.Value.HolderKey);
    }

    [Fact]
    public async Task Draft_19_figure_10_presentation_without_key_binding_gives_figure_11()
    {
        var expected = ReadJson("SdJwtVc", "sd-jwt-vc-19-expected.json");
        var verifier = new SdJwtVcVerifier(Clock(DateTimeOffset.FromUnixTimeSeconds(1_790_000_000)));

        var result = await verifier.VerifyAsync(ReadData("SdJwtVc", "sd-jwt-vc-19-figure10-presentation.txt"), new SdJwtVcVerificationOptions
        {
            IssuerSigningKeys = [new JsonWebKey(ReadData("SdJwt", "rfc9901-a5-issuer-key.json"))],
            RequireKeyBinding = false,
        }, TestContext.Current.CancellationToken);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(JsonNode.DeepEquals(expected["figure11ProcessedPayload"], result.Value.Presentation.Payload));
    }

    [Fact]
    public async Task Issued_credential_presents_only_the_chosen_personal_claims()
    {
        var result = await Verify(Present(Issue(), ClaimPath.Of("age_over_18"), ClaimPath.Of("address", "locality")), Options(o => o.AcceptedVcts = [Vct]));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var credential = result.Value;
        Assert.Equal("https://issuer.example.qc.ca", credential.Issuer);
        Assert.Equal(Vct, credential.Vct);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["age_over_18"] = true, ["address"] = new JsonObject { ["locality"] = "Québec" } }, credential.Claims), credential.Claims.ToJsonString());
        Assert.Equal(new SdJwtVcStatusReference(1234, "https://issuer.example.qc.ca/statuslists/1"), credential.Status);
        Assert.True(JsonNode.DeepEquals(PublicJwk(_holderKey), credential.HolderJwk));
        Assert.Equal(Now.AddDays(365).ToUnixTimeSeconds(), credential.ExpiresAt!.Value.ToUnixTimeSeconds());
        Assert.True(credential.Presentation.IsKeyBound);
    }

    [Fact]
    public void Issuer_keeps_registered_claims_visible_and_hides_every_personal_claim()
    {
        var issued = Issue();
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(issued[..issued.IndexOf('~')]);
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.EncodedPayload))!.AsObject();

        Assert.Equal(SdJwtVcClaims.Type, jwt.Typ);
        Assert.Equal(["_sd", "_sd_alg", "cnf", "exp", "iat", "iss", "status", "vct"], payload.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(5 + 2, payload["_sd"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("iss")]
    [InlineData("vct")]
    [InlineData("cnf")]
    [InlineData("status")]
    [InlineData("exp")]
    [InlineData("iat")]
    public void Issuer_refuses_a_personal_claim_with_a_registered_name(string name)
        => Assert.Throws<ArgumentException>(() => Issue(Request(c => c[name] = "x")));

    [Fact]
    public void Issuer_refuses_a_holder_jwk_with_a_private_key()
    {
        var jwk = PublicJwk(_holderKey);
        jwk["d"] = "AAAA";
        var request = Request();
        Assert.Throws<ArgumentException>(() => Issue(new SdJwtVcIssueRequest { Issuer = request.Issuer, Vct = request.Vct, Claims = request.Claims, HolderPublicJwk = jwk }));
    }

    [Fact]
    public void Issuer_refuses_a_holder_p256_jwk_whose_point_is_not_on_the_curve()
    {
        var jwk = PublicJwk(_holderKey);
        // Flip the last bit of y: only y and p - y solve the curve equation for x, and y XOR 1 is p - y with probability ~2^-255.
        var y = Base64UrlEncoder.DecodeBytes(jwk["y"]!.GetValue<string>());
        y[^1] ^= 1;
        jwk["y"] = Base64UrlEncoder.Encode(y);
        var request = Request();
        Assert.Throws<ArgumentException>(() => Issue(new SdJwtVcIssueRequest { Issuer = request.Issuer, Vct = request.Vct, Claims = request.Claims, HolderPublicJwk = jwk }));
    }

    [Theory]
    [InlineData("kty", "RSA")]
    [InlineData("crv", "P-384")]
    [InlineData("use", "enc")]
    [InlineData("alg", "EdDSA")]
    [InlineData("x", "AAAA")]
    public void Issuer_refuses_a_holder_jwk_of_an_unsupported_shape(string member, string value)
    {
        var jwk = PublicJwk(_holderKey);
        jwk[member] = value;
        var request = Request();
        Assert.Throws<ArgumentException>(() => Issue(new SdJwtVcIssueRequest { Issuer = request.Issuer, Vct = request.Vct, Claims = request.Claims, HolderPublicJwk = jwk }));
    }

    [Fact]
    public async Task Accepts_the_legacy_vc_sd_jwt_typ_unless_disabled()
    {
        var legacy = Craft(MinimalPayload(), SdJwtVcClaims.LegacyType);
        Assert.True((await Verify(legacy, Options(o => o.RequireKeyBinding = false))).IsSuccess);
        Assert.Equal(SdJwtVcErrorCodes.TypInvalid, (await Verify(legacy, Options(o => { o.RequireKeyBinding = false; o.AcceptLegacyType = false; }))).Error?.Code);
    }

    [Theory]
    [InlineData("example+sd-jwt")]
    [InlineData("JWT")]
    public async Task Rejects_another_typ(string typ)
        => Assert.Equal(SdJwtVcErrorCodes.TypInvalid, (await Verify(Craft(MinimalPayload(), typ), Options(o => o.RequireKeyBinding = false))).Error?.Code);

    [Theory]
    [InlineData("exp")]
    [InlineData("vct")]
    [InlineData("status")]
    [InlineData("cnf")]
    public async Task Rejects_a_registered_claim_revealed_by_a_disclosure(string name)
    {
        var payload = MinimalPayload();
        payload["exp"] = Now.AddDays(1).ToUnixTimeSeconds();
        payload["status"] = new JsonObject { ["status_list"] = new JsonObject { ["idx"] = 1, ["uri"] = "https://x.example/1" } };
        var issued = Craft(payload, SdJwtVcClaims.Type, ClaimPath.Of(name));
        Assert.Equal(SdJwtVcErrorCodes.RegisteredClaimDisclosed, (await Verify(issued, Options(o => o.RequireKeyBinding = false))).Error?.Code);
    }

    [Fact]
    public async Task Rejects_a_sub_claim_of_a_registered_claim_revealed_by_a_disclosure()
    {
        var payload = MinimalPayload();
        payload["status"] = new JsonObject { ["status_list"] = new JsonObject { ["idx"] = 1, ["uri"] = "https://x.example/1" } };
        var issued = Craft(payload, SdJwtVcClaims.Type, ClaimPath.Of("status", "status_list", "idx"));
        Assert.Equal(SdJwtVcErrorCodes.RegisteredClaimDisclosed, (await Verify(issued, Options(o => o.RequireKeyBinding = false))).Error?.Code);
    }

    [Theory]
    [InlineData("iss", SdJwtVcErrorCodes.IssMissing)]
    [InlineData("vct", SdJwtVcErrorCodes.VctMissing)]
    public async Task Rejects_a_missing_required_claim(string name, string code)
    {
        var payload = MinimalPayload();
        payload.Remove(name);
        Assert.Equal(code, (await Verify(Craft(payload), Options(o => o.RequireKeyBinding = false))).Error?.Code);
    }

    [Fact]
    public async Task Rejects_a_vct_that_is_not_a_string()
    {
        var payload = MinimalPayload();
        payload["vct"] = 42;
        Assert.Equal(SdJwtVcErrorCodes.VctMissing, (await Verify(Craft(payload), Options(o => o.RequireKeyBinding = false))).Error?.Code);
    }

    [Fact]
    public async Task Rejects_a_vct_not_accepted()
        => Assert.Equal(SdJwtVcErrorCodes.VctNotAccepted, (await Verify(Present(Issue(), ClaimPath.Of("age_over_18")), Options(o => o.AcceptedVcts = ["urn:other"]))).Error?.Code);

    [Fact]
    public async Task Accepts_a_credential_whose_aka_vcts_lists_an_accepted_type()
    {
        var payload = MinimalPayload();
        payload["aka_vcts"] = new JsonArray("urn:example:identity");
        Assert.True((await Verify(Craft(payload), Options(o => { o.RequireKeyBinding = false; o.AcceptedVcts = ["urn:example:identity"]; }))).IsSuccess);
    }

    [Fact]
    public async Task Rejects_malformed_aka_vcts()
    {
        var payload = MinimalPayload();
        payload["aka_vcts"] = new JsonArray(Vct);
        Assert.Equal(SdJwtVcErrorCodes.AkaVctsInvalid, (await Verify(Craft(payload), Options(o => o.RequireKeyBinding = false))).Error?.Code);
    }

    [Fact]
    public async Task Rejects_an_expired_credential()
    {
        var presentation = Present(Issue(), ClaimPath.Of("age_over_18"));
        _time.Advance(TimeSpan.FromDays(366));
        Assert.Equal(SdJwtVcErrorCodes.Expired, (await Verify(presentation, Options(o => o.RequireKeyBinding = false))).Error?.Code);
    }

    [Fact]
    public async Task Rejects_a_credential_not_yet_valid()
    {
        var payload = MinimalPayload();
        payload["nbf"] = Now.AddMinutes(10).ToUnixTimeSeconds();
        Assert.Equal(SdJwtVcErrorCodes.NotYetValid, (await Verify(Craft(payload), Options(o => o.RequireKeyBinding = false))).Error?.Code);
    }

    [Fact]
    public async Task Accepts_nbf_within_the_clock_skew()
    {
        var payload = MinimalPayload();
        payload["nbf"] = Now.AddSeconds(30).ToUnixTimeSeconds();
        Assert.True((await Verify(Craft(payload), Options(o => o.RequireKeyBinding = false))).IsSuccess);
    }

    [Fact]
    public async Task Rejects_a_credential_without_cnf_when_key_binding_is_required()
    {
        var payload = MinimalPayload();
        payload.Remove("cnf");
        var sdJwt = Craft(payload);
        var presentation = SdJwtHolder.AddKeyBinding(sdJwt, Es256(_holderKey), Audience, Nonce, _time.GetUtcNow());
        Assert.Equal(SdJwtVcErrorCodes.CnfMissing, (await Verify(presentation)).Error?.Code);
    }

    [Theory]
    [InlineData("\"revoked\"")]
    [InlineData("{\"status_list\": {\"idx\": -1, \"uri\": \"https://x.example/1\"}}")]
    [InlineData("{\"status_list\": {\"idx\": 1}}")]
    [InlineData("{\"status_list\": {\"idx\": \"1\", \"uri\": \"https://x.example/1\"}}")]
    public async Task Rejects_a_malformed_status(string status)
    {
        var payload = MinimalPayload();
        payload["status"] = JsonNode.Parse(status);
        Assert.Equal(SdJwtVcErrorCodes.StatusInvalid, (await Verify(Craft(payload), Options(o => o.RequireKeyBinding = false))).Error?.Code);
    }

    [Fact]
    public async Task Rejects_a_credential_from_an_untrusted_issuer()
        => Assert.Equal(SdJwtErrorCodes.SignatureInvalid, (await Verify(Present(Issue(), ClaimPath.Of("age_over_18")), Options(o => o.Keys = [NewEcKey()]))).Error?.Code);

    [Fact]
    public async Task Verification_options_must_not_override_the_typ()
        => await Assert.ThrowsAsync<InvalidOperationException>(() => new SdJwtVcVerifier(_time).VerifyAsync(Issue(), new SdJwtVcVerificationOptions
        {
            IssuerSigningKeys = [_issuerKey], RequireKeyBinding = false, AcceptedTypes = ["example+sd-jwt"],
        }, TestContext.Current.CancellationToken));

    private sealed class SdJwtVcVerificationOptionsBuilder
    {
        public IReadOnlyCollection<SecurityKey> Keys { get; set; } = [];

        public bool RequireKeyBinding { get; set; } = true;

        public IReadOnlyCollection<string>? AcceptedVcts { get; set; }

        public bool AcceptLegacyType { get; set; } = true;
    }
}
