using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Tokens.SdJwt;
using Microsoft.IdentityModel.Tokens;
using static Identity.Tokens.Tests.SdJwt.SdJwtTestKit;

namespace Identity.Tokens.Tests.SdJwt;

/// <summary>One named case per refusal of RFC 9901 §4 and §7.1, each asserting its code.</summary>
public class SdJwtRefusalTests
{
    private readonly SdJwtFixture _fixture = new();

    private Task<string?> CodeOf(string presentation, bool requireKeyBinding = false, SdJwtLimits? limits = null)
        => _fixture.Verifier.Verify(presentation, new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [_fixture.IssuerKey],
            RequireKeyBinding = requireKeyBinding,
            ExpectedAudience = Audience,
            ExpectedNonce = Nonce,
            Limits = limits ?? SdJwtLimits.Default,
        }).ContinueWith(t => t.Result.Error?.Code, TaskScheduler.Default);

    /// <summary>An SD-JWT whose payload and Disclosures are written by hand and signed by the trusted issuer.</summary>
    private string Craft(JsonObject payload, params string[] disclosures)
        => SdJwtFixture.Join(SignJwt(payload, Es256(_fixture.IssuerKey)), disclosures);

    private static JsonObject WithSd(params string[] digests) => new() { ["iss"] = "https://issuer.example.com", ["_sd"] = new JsonArray([.. digests.Select(d => (JsonNode)d)]) };

    [Theory]
    [InlineData("")]
    [InlineData("no-tilde-at-all")]
    [InlineData("a.b.c")]
    [InlineData("~")]
    [InlineData("a.b~")]
    [InlineData("a.b.c.d~")]
    [InlineData("a.b.c~~")]
    [InlineData("a.b.c~WyJ4Il0~not-a-jws")]
    [InlineData("a.b.c~ spaces ~")]
    public async Task Rejects_malformed_compact_serialization(string input)
        => Assert.Equal(SdJwtErrorCodes.Malformed, await CodeOf(input));

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"a\":")]
    public async Task Rejects_issuer_payload_that_is_not_a_json_object(string payload)
    {
        var jwt = SignRaw("{\"alg\":\"ES256\",\"typ\":\"example+sd-jwt\"}", payload, _fixture.IssuerKey);
        Assert.Equal(SdJwtErrorCodes.Malformed, await CodeOf(jwt + "~"));
    }

    [Fact]
    public async Task Rejects_oversized_input()
        => Assert.Equal(SdJwtErrorCodes.TooLarge, await CodeOf(_fixture.Issued, limits: new SdJwtLimits { MaxLength = 100 }));

    [Fact]
    public async Task Rejects_too_many_disclosures()
        => Assert.Equal(SdJwtErrorCodes.TooLarge, await CodeOf(_fixture.Issued, limits: new SdJwtLimits { MaxDisclosures = 3 }));

    [Fact]
    public async Task Rejects_a_disclosure_longer_than_the_limit()
        => Assert.Equal(SdJwtErrorCodes.TooLarge, await CodeOf(_fixture.Issued, limits: new SdJwtLimits { MaxDisclosureLength = 20 }));

    [Fact]
    public async Task Rejects_nesting_deeper_than_the_limit()
        => Assert.Equal(SdJwtErrorCodes.TooLarge, await CodeOf(_fixture.Issued, limits: new SdJwtLimits { MaxDepth = 2 }));

    [Fact]
    public async Task Rejects_alg_none()
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "example+sd-jwt" };
        var unsigned = UnsignedJwt(header, new JsonObject { ["iss"] = "https://issuer.example.com" });
        Assert.Equal(SdJwtErrorCodes.AlgNotAllowed, await CodeOf(unsigned + "AAAA~"));
        Assert.Equal(SdJwtErrorCodes.Malformed, await CodeOf(unsigned + "~"));
    }

    [Fact]
    public async Task Rejects_an_unknown_or_symmetric_algorithm()
    {
        var hmac = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        var hs256 = SignJwt(new JsonObject { ["iss"] = "x" }, new SigningCredentials(hmac, SecurityAlgorithms.HmacSha256)) + "~";
        var rs256 = SignJwt(new JsonObject { ["iss"] = "x" }, new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)), SecurityAlgorithms.RsaSha256)) + "~";

        Assert.Equal(SdJwtErrorCodes.AlgNotAllowed, await CodeOf(hs256));
        Assert.Equal(SdJwtErrorCodes.AlgNotAllowed, await CodeOf(rs256));
    }

    [Fact]
    public async Task Rejects_an_issuer_jwt_with_a_type_not_accepted()
    {
        var result = await _fixture.Verifier.Verify(_fixture.Issued, new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [_fixture.IssuerKey],
            RequireKeyBinding = false,
            AcceptedTypes = ["dc+sd-jwt"],
        });
        Assert.Equal(SdJwtErrorCodes.TypInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task Rejects_a_signature_by_another_issuer_key()
    {
        var other = new SdJwtFixture();
        Assert.Equal(SdJwtErrorCodes.SignatureInvalid, await CodeOf(other.Issued));
    }

    [Fact]
    public async Task Ignores_a_jwk_in_the_issuer_jwt_header()
    {
        var attacker = NewEcKey();
        var headers = new Dictionary<string, object> { ["jwk"] = PublicJwk(attacker).ToJsonString() };
        var forged = SignJwt(new JsonObject { ["iss"] = "https://issuer.example.com" }, Es256(attacker), extraHeaders: headers) + "~";
        Assert.Equal(SdJwtErrorCodes.SignatureInvalid, await CodeOf(forged));
    }

    [Fact]
    public async Task Rejects_a_payload_altered_after_signing()
    {
        var (jwt, disclosures, _) = SdJwtFixture.Split(_fixture.Issued);
        var parts = jwt.Split('.');
        var payload = IssuerPayload.Decode(jwt, SdJwtLimits.Default).Value!;
        payload["sub"] = "user_43";
        var altered = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
        Assert.Equal(SdJwtErrorCodes.SignatureInvalid, await CodeOf(SdJwtFixture.Join(altered, disclosures)));
    }

    [Fact]
    public async Task Rejects_when_no_trusted_issuer_key_is_found()
    {
        var result = await _fixture.Verifier.Verify(_fixture.Issued, new SdJwtVerificationOptions
        {
            IssuerKeyResolver = (_, _) => ValueTask.FromResult<IReadOnlyCollection<SecurityKey>>([]),
            RequireKeyBinding = false,
        });
        Assert.Equal(SdJwtErrorCodes.IssuerKeyNotFound, result.Error?.Code);
    }

    [Theory]
    [InlineData("sha-512")]
    [InlineData("SHA-256")]
    [InlineData("md5")]
    public async Task Rejects_an_unsupported_sd_alg(string alg)
    {
        var payload = WithSd();
        payload["_sd_alg"] = alg;
        Assert.Equal(SdJwtErrorCodes.SdAlgUnsupported, await CodeOf(Craft(payload)));
    }

    [Theory]
    [InlineData("not base64url!")]
    [InlineData("eyJhIjoxfQ")] // {"a":1}
    [InlineData("WyJzYWx0Il0")] // ["salt"]
    [InlineData("WyJzYWx0IiwibmFtZSIsMSwyXQ")] // ["salt","name",1,2]
    [InlineData("WzEsIm5hbWUiLDFd")] // [1,"name",1]
    [InlineData("WyJzYWx0IiwxLDFd")] // ["salt",1,1]
    [InlineData("WyJzYWx0Iiwi")] // truncated JSON
    public async Task Rejects_a_malformed_disclosure(string disclosure)
    {
        var code = await CodeOf(Craft(WithSd(), disclosure));
        Assert.True(code is SdJwtErrorCodes.DisclosureMalformed or SdJwtErrorCodes.Malformed, code);
    }

    [Fact]
    public async Task Rejects_a_malformed_disclosure_with_its_code()
        => Assert.Equal(SdJwtErrorCodes.DisclosureMalformed, await CodeOf(Craft(WithSd(), RawDisclosure("[\"salt\", 1, 2]"))));

    [Fact]
    public async Task Rejects_a_disclosure_that_is_not_utf8()
    {
        var invalid = System.Buffers.Text.Base64Url.EncodeToString([(byte)'[', (byte)'"', 0xFF, (byte)'"', (byte)',', (byte)'"', (byte)'a', (byte)'"', (byte)',', (byte)'1', (byte)']']);
        Assert.Equal(SdJwtErrorCodes.DisclosureMalformed, await CodeOf(Craft(WithSd(Digest(invalid)), invalid)));
    }

    [Fact]
    public async Task Rejects_duplicate_member_names_in_a_disclosure_value()
    {
        var d = RawDisclosure("[\"salt1\", \"address\", {\"locality\": \"Québec\", \"locality\": \"Lévis\"}]");
        Assert.Equal(SdJwtErrorCodes.DisclosureMalformed, await CodeOf(Craft(WithSd(Digest(d)), d)));
    }

    [Fact]
    public async Task Rejects_duplicate_member_names_in_the_issuer_payload()
    {
        var jwt = SignRaw("{\"alg\":\"ES256\"}", "{\"sub\":\"a\",\"sub\":\"b\"}", _fixture.IssuerKey);
        Assert.Equal(SdJwtErrorCodes.Malformed, await CodeOf(jwt + "~"));
    }

    [Theory]
    [InlineData("[\"salt1\", \"\\ud800\", 1]")]
    [InlineData("[\"\\udc00\", \"name\", 1]")]
    [InlineData("[\"salt1\", \"name\", \"\\ud800x\"]")]
    public async Task Lone_surrogate_escapes_in_a_disclosure_never_throw(string json)
    {
        var d = RawDisclosure(json);
        var code = await CodeOf(Craft(WithSd(Digest(d)), d));
        Assert.True(code is null or SdJwtErrorCodes.DisclosureMalformed, code);
    }

    [Theory]
    [InlineData("{\"sub\":\"\\ud800\"}")]
    [InlineData("{\"\\udc00\":1}")]
    [InlineData("{\"iss\":\"\\ud800\\ud800\"}")]
    public async Task Lone_surrogate_escapes_in_the_issuer_payload_are_refused(string payload)
    {
        var jwt = SignRaw("{\"alg\":\"ES256\"}", payload, _fixture.IssuerKey);
        Assert.Equal(SdJwtErrorCodes.Malformed, await CodeOf(jwt + "~"));
    }

    [Theory]
    [InlineData("[1]", "{}")]
    [InlineData("{\"alg\":5}", "{}")]
    [InlineData("{\"alg\":\"ES256\",\"typ\":5}", "{}")]
    [InlineData("{\"alg\":\"ES256\",\"kid\":{}}", "{}")]
    [InlineData("{\"alg\":\"ES256\",\"kid\":\"k\"}", "{\"iss\":5}")]
    [InlineData("{\"alg\":\"ES256\"}", "{\"iss\":[\"a\",\"b\"],\"exp\":1e400}")]
    [InlineData("{\"alg\":\"ES256\"}", "{\"exp\":-1,\"nbf\":\"x\"}")]
    [InlineData("{\"alg\":\"ES256\"}", "{\"cnf\":{\"jwk\":\"not-an-object\"}}")]
    public async Task Odd_headers_and_claims_through_a_key_resolver_never_throw(string header, string payload)
    {
        var presentation = SignRaw(header, payload, _fixture.IssuerKey) + "~";
        var result = await _fixture.Verifier.Verify(presentation, new SdJwtVerificationOptions
        {
            IssuerKeyResolver = (_, _) => ValueTask.FromResult<IReadOnlyCollection<SecurityKey>>([_fixture.IssuerKey]),
            RequireKeyBinding = false,
        });
        Assert.True(result.IsSuccess || !string.IsNullOrEmpty(result.Error.Code));
        Assert.False(header.Contains("\"alg\":5", StringComparison.Ordinal) && result.IsSuccess);
    }

    [Fact]
    public async Task Rejects_a_duplicated_disclosure()
    {
        var (jwt, disclosures, _) = SdJwtFixture.Split(_fixture.Issued);
        Assert.Equal(SdJwtErrorCodes.DuplicateDisclosure, await CodeOf(SdJwtFixture.Join(jwt, [.. disclosures, disclosures[0]])));
    }

    [Fact]
    public async Task Rejects_a_digest_that_appears_twice_in_the_payload()
    {
        var d = RawDisclosure("[\"salt1\", \"given_name\", \"Jean\"]");
        Assert.Equal(SdJwtErrorCodes.DuplicateDigest, await CodeOf(Craft(WithSd(Digest(d), Digest(d)), d)));

        var decoy = Digest("decoy");
        Assert.Equal(SdJwtErrorCodes.DuplicateDigest, await CodeOf(Craft(WithSd(decoy, decoy))));
    }

    [Fact]
    public async Task Rejects_a_digest_repeated_inside_a_disclosure()
    {
        var inner = RawDisclosure("[\"salt1\", \"locality\", \"Québec\"]");
        var address = RawDisclosure($"[\"salt2\", \"address\", {{\"_sd\": [\"{Digest(inner)}\"]}}]");
        Assert.Equal(SdJwtErrorCodes.DuplicateDigest, await CodeOf(Craft(WithSd(Digest(address), Digest(inner)), address, inner)));
    }

    [Fact]
    public async Task Rejects_an_added_disclosure_that_no_digest_references()
    {
        var (jwt, disclosures, _) = SdJwtFixture.Split(_fixture.Issued);
        var foreign = RawDisclosure("[\"c2FsdHNhbHRzYWx0\", \"age_over_65\", true]");
        Assert.Equal(SdJwtErrorCodes.DigestMismatch, await CodeOf(SdJwtFixture.Join(jwt, [.. disclosures, foreign])));
    }

    [Fact]
    public async Task Rejects_an_altered_disclosure()
    {
        var (jwt, disclosures, _) = SdJwtFixture.Split(_fixture.Select(ClaimPath.Of("given_name")));
        var original = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(disclosures[0]))!.AsArray();
        var altered = RawDisclosure($"[\"{original[0]}\", \"given_name\", \"Mallory\"]");
        Assert.Equal(SdJwtErrorCodes.DigestMismatch, await CodeOf(SdJwtFixture.Join(jwt, [altered])));
    }

    [Fact]
    public async Task Rejects_a_nested_disclosure_without_its_parent()
    {
        var (jwt, disclosures, _) = SdJwtFixture.Split(_fixture.Select(ClaimPath.Of("address", "locality")));
        var orphan = disclosures.Where(d => System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(d)).Contains("locality", StringComparison.Ordinal));
        Assert.Equal(SdJwtErrorCodes.DigestMismatch, await CodeOf(SdJwtFixture.Join(jwt, orphan)));
    }

    [Fact]
    public async Task Rejects_an_array_element_disclosure_referenced_from_an_object()
    {
        var element = RawDisclosure("[\"salt1\", \"FR\"]");
        Assert.Equal(SdJwtErrorCodes.DisclosureKindMismatch, await CodeOf(Craft(WithSd(Digest(element)), element)));
    }

    [Fact]
    public async Task Rejects_an_object_property_disclosure_referenced_from_an_array()
    {
        var property = RawDisclosure("[\"salt1\", \"country\", \"FR\"]");
        var payload = new JsonObject { ["nationalities"] = new JsonArray(new JsonObject { ["..."] = Digest(property) }) };
        Assert.Equal(SdJwtErrorCodes.DisclosureKindMismatch, await CodeOf(Craft(payload, property)));
    }

    [Theory]
    [InlineData("_sd")]
    [InlineData("...")]
    public async Task Rejects_a_disclosure_with_a_reserved_claim_name(string name)
    {
        var d = RawDisclosure($"[\"salt1\", \"{name}\", []]");
        Assert.Equal(SdJwtErrorCodes.ClaimNameInvalid, await CodeOf(Craft(WithSd(Digest(d)), d)));
    }

    [Fact]
    public async Task Rejects_a_disclosure_whose_claim_name_already_exists()
    {
        var d = RawDisclosure("[\"salt1\", \"iss\", \"https://evil.example\"]");
        Assert.Equal(SdJwtErrorCodes.ClaimCollision, await CodeOf(Craft(WithSd(Digest(d)), d)));
    }

    [Fact]
    public async Task Rejects_two_disclosures_with_the_same_claim_name()
    {
        var a = RawDisclosure("[\"salt1\", \"given_name\", \"Jean\"]");
        var b = RawDisclosure("[\"salt2\", \"given_name\", \"Paul\"]");
        Assert.Equal(SdJwtErrorCodes.ClaimCollision, await CodeOf(Craft(WithSd(Digest(a), Digest(b)), a, b)));
    }

    [Fact]
    public async Task Rejects_an_sd_member_that_is_not_an_array_of_strings()
    {
        Assert.Equal(SdJwtErrorCodes.Malformed, await CodeOf(Craft(new JsonObject { ["_sd"] = "digest" })));
        Assert.Equal(SdJwtErrorCodes.Malformed, await CodeOf(Craft(new JsonObject { ["_sd"] = new JsonArray(1) })));
    }

    [Fact]
    public async Task Rejects_an_array_digest_object_with_other_members()
    {
        var payload = new JsonObject { ["a"] = new JsonArray(new JsonObject { ["..."] = Digest("x"), ["b"] = 1 }) };
        Assert.Equal(SdJwtErrorCodes.Malformed, await CodeOf(Craft(payload)));
    }

    [Fact]
    public async Task Removes_undisclosed_array_elements_and_decoys()
    {
        var payload = new JsonObject { ["a"] = new JsonArray(1, new JsonObject { ["..."] = Digest("decoy") }, 3), ["_sd"] = new JsonArray(Digest("decoy2")) };
        var result = await _fixture.Verifier.Verify(Craft(payload), Options(_fixture.IssuerKey, requireKeyBinding: false));
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["a"] = new JsonArray(1, 3) }, result.Value!.Payload));
    }

    [Fact]
    public async Task Rejects_an_expired_sd_jwt()
    {
        _fixture.Time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(SdJwtErrorCodes.Expired, await CodeOf(_fixture.Issued));
    }

    [Fact]
    public async Task Rejects_an_sd_jwt_not_yet_valid()
    {
        var payload = new JsonObject { ["nbf"] = Now.AddHours(1).ToUnixTimeSeconds() };
        Assert.Equal(SdJwtErrorCodes.NotYetValid, await CodeOf(Craft(payload)));
    }

    [Fact]
    public async Task Rejects_exp_that_is_not_a_number()
        => Assert.Equal(SdJwtErrorCodes.Malformed, await CodeOf(Craft(new JsonObject { ["exp"] = "tomorrow" })));

    [Fact]
    public async Task Misconfigured_options_throw_instead_of_verifying()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Verifier.Verify(_fixture.Issued, new SdJwtVerificationOptions()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Verifier.Verify(_fixture.Issued, new SdJwtVerificationOptions { IssuerSigningKeys = [_fixture.IssuerKey] }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Verifier.Verify(_fixture.Issued, new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [_fixture.IssuerKey], RequireKeyBinding = false, Limits = new SdJwtLimits { MaxDepth = 0 },
        }));
    }
}
