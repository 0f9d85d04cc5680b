using System.Text.Json.Nodes;
using Identity.Tokens.SdJwt;
using Microsoft.IdentityModel.Tokens;
using static Identity.Tokens.Tests.SdJwt.SdJwtTestKit;

namespace Identity.Tokens.Tests.SdJwt;

public class SdJwtIssuanceAndPresentationTests
{
    [Fact]
    public async Task Issued_sd_jwt_with_all_disclosures_processes_back_to_the_input_claims()
    {
        var fixture = new SdJwtFixture();

        var result = await fixture.VerifyAsync(fixture.WithKeyBinding(fixture.Issued));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(JsonNode.DeepEquals(fixture.Claims, result.Value.Payload), result.Value.Payload.ToJsonString());
        Assert.Equal(SampleDisclosable.Length, result.Value.DisclosedClaims.Count);
        Assert.True(result.Value.IsKeyBound);
    }

    [Fact]
    public void Issuer_signed_payload_hides_disclosable_claims_and_adds_sd_alg()
    {
        var fixture = new SdJwtFixture();
        var payload = IssuerPayload.Decode(SdJwtFixture.Split(fixture.Issued).Jwt, SdJwtLimits.Default).Value!;

        Assert.Equal("sha-256", payload["_sd_alg"]!.GetValue<string>());
        Assert.False(payload.ContainsKey("given_name"));
        Assert.False(payload.ContainsKey("address"));
        Assert.Equal("user_42", payload["sub"]!.GetValue<string>());
        Assert.All(payload["nationalities"]!.AsArray(), e => Assert.True(e!.AsObject().ContainsKey("...")));
    }

    [Fact]
    public void Each_sd_array_gets_the_configured_number_of_decoy_digests()
    {
        var fixture = new SdJwtFixture(options: new SdJwtIssuanceOptions { DecoyDigestsPerObject = 5 });
        var payload = IssuerPayload.Decode(SdJwtFixture.Split(fixture.Issued).Jwt, SdJwtLimits.Default).Value!;

        Assert.Equal(4 + 5, payload["_sd"]!.AsArray().Count); // given_name, family_name, email, address
        Assert.Equal(SampleDisclosable.Length, SdJwtFixture.Split(fixture.Issued).Disclosures.Count); // decoys have no Disclosure
    }

    [Fact]
    public void Sorted_digest_order_sorts_every_sd_array()
    {
        var fixture = new SdJwtFixture(options: new SdJwtIssuanceOptions { DigestOrder = SdDigestOrder.Sorted });
        var payload = IssuerPayload.Decode(SdJwtFixture.Split(fixture.Issued).Jwt, SdJwtLimits.Default).Value!;
        var digests = payload["_sd"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray();

        Assert.Equal(digests.Order(StringComparer.Ordinal), digests);
    }

    [Fact]
    public void Salts_are_128_bit_and_unique()
    {
        var fixture = new SdJwtFixture();
        var salts = SdJwtFixture.Split(fixture.Issued).Disclosures
            .Select(d => JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(d))!.AsArray()[0]!.GetValue<string>())
            .ToArray();

        Assert.All(salts, s => Assert.Equal(16, System.Buffers.Text.Base64Url.DecodeFromChars(s).Length));
        Assert.Equal(salts.Length, salts.Distinct().Count());
    }

    [Fact]
    public async Task Presenting_a_nested_claim_includes_its_parent_disclosure_automatically()
    {
        var fixture = new SdJwtFixture();

        var result = await fixture.VerifyAsync(fixture.Present(ClaimPath.Of("address", "locality")));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["locality"] = "Québec", ["country"] = "CA" }, result.Value.Payload["address"]));
        Assert.False(result.Value.Payload.ContainsKey("given_name"));
        Assert.Equal(["[\"address\",\"locality\"]", "[\"address\"]"], result.Value.DisclosedClaims.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Presenting_a_parent_claim_includes_its_disclosable_sub_claims()
    {
        var fixture = new SdJwtFixture();

        var result = await fixture.VerifyAsync(fixture.Present(ClaimPath.Of("address")));

        Assert.True(JsonNode.DeepEquals(fixture.Claims["address"], result.Value!.Payload["address"]));
    }

    [Fact]
    public async Task Presenting_one_array_element_reveals_only_that_element()
    {
        var fixture = new SdJwtFixture();

        var result = await fixture.VerifyAsync(fixture.Present(ClaimPath.Of("nationalities", 1)));

        Assert.True(JsonNode.DeepEquals(new JsonArray("FR"), result.Value!.Payload["nationalities"]));
        Assert.Equal("[\"nationalities\",0]", Assert.Single(result.Value.DisclosedClaims).ToString());
    }

    [Fact]
    public async Task Present_selects_and_binds_in_one_call()
    {
        var fixture = new SdJwtFixture();

        var presentation = SdJwtHolder.Present(fixture.Issued, [ClaimPath.Of("email")], Es256(fixture.HolderKey), Audience, Nonce, fixture.Time.GetUtcNow());
        var result = await fixture.VerifyAsync(presentation.Value!);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("[\"email\"]", Assert.Single(result.Value.DisclosedClaims).ToString());
    }

    [Fact]
    public void Holder_refuses_to_present_an_sd_jwt_that_already_has_key_binding()
    {
        var fixture = new SdJwtFixture();
        Assert.Equal(SdJwtErrorCodes.Malformed, SdJwtHolder.SelectDisclosures(fixture.Present(ClaimPath.Of("email")), [ClaimPath.Of("email")]).Error?.Code);
    }

    [Fact]
    public async Task Disclosure_removed_still_verifies_with_fewer_claims()
    {
        var fixture = new SdJwtFixture();
        var (jwt, disclosures, _) = SdJwtFixture.Split(fixture.Select(ClaimPath.Of("given_name"), ClaimPath.Of("family_name")));
        var fewer = fixture.WithKeyBinding(SdJwtFixture.Join(jwt, disclosures.Take(1)));

        var result = await fixture.VerifyAsync(fewer);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Single(result.Value.DisclosedClaims);
        Assert.True(result.Value.Payload.ContainsKey("given_name") ^ result.Value.Payload.ContainsKey("family_name"));
    }

    [Fact]
    public async Task Reordered_disclosures_verify_to_the_same_claims()
    {
        var fixture = new SdJwtFixture();
        var (jwt, disclosures, _) = SdJwtFixture.Split(fixture.Issued);
        disclosures.Reverse();

        var result = await fixture.VerifyAsync(fixture.WithKeyBinding(SdJwtFixture.Join(jwt, disclosures)));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(JsonNode.DeepEquals(fixture.Claims, result.Value.Payload));
    }

    [Fact]
    public async Task Sd_jwt_without_key_binding_verifies_when_the_verifier_does_not_require_it()
    {
        var fixture = new SdJwtFixture();

        var result = await fixture.VerifyAsync(fixture.Select(ClaimPath.Of("email")), requireKeyBinding: false);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.False(result.Value.IsKeyBound);
        Assert.Equal("jean@example.ca", result.Value.Payload["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Issuer_keys_can_come_from_a_resolver()
    {
        var fixture = new SdJwtFixture();
        IssuerKeyContext? seen = null;
        var options = new SdJwtVerificationOptions
        {
            IssuerKeyResolver = (context, _) => { seen = context; return ValueTask.FromResult<IReadOnlyCollection<SecurityKey>>([fixture.IssuerKey]); },
            ExpectedAudience = Audience,
            ExpectedNonce = Nonce,
        };

        var result = await fixture.Verifier.Verify(fixture.Present(ClaimPath.Of("email")), options);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(new IssuerKeyContext("https://issuer.example.com", fixture.IssuerKey.KeyId, "ES256"), seen);
    }

    [Fact]
    public void Issuing_refuses_a_path_that_does_not_exist()
        => Assert.Throws<ArgumentException>(() => new SdJwtFixture(disclosable: [ClaimPath.Of("nickname")]));

    [Fact]
    public void Issuing_refuses_reserved_claim_names()
    {
        var claims = new JsonObject { ["iss"] = "x", ["address"] = new JsonObject { ["_sd"] = new JsonArray() } };
        Assert.Throws<ArgumentException>(() => new SdJwtFixture(claims, [ClaimPath.Of("iss")]));
    }

    [Fact]
    public void Issuing_refuses_an_unsupported_algorithm()
    {
        var key = new SymmetricSecurityKey(new byte[32]);
        Assert.Throws<ArgumentException>(() => SdJwtIssuer.Issue(new JsonObject(), [], new SigningCredentials(key, SecurityAlgorithms.HmacSha256), "example+sd-jwt"));
    }
}
