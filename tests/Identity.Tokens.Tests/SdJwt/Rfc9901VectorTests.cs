using System.Text.Json.Nodes;
using Identity.Tokens.SdJwt;
using Microsoft.IdentityModel.Tokens;
using static Identity.Tokens.Tests.SdJwt.SdJwtTestKit;

namespace Identity.Tokens.Tests.SdJwt;

/// <summary>The examples of RFC 9901, kept in TestData, asserted exactly.</summary>
public class Rfc9901VectorTests
{
    private static readonly JsonObject Section5 = ReadJson("SdJwt", "rfc9901-5-example.json");

    private static JsonWebKey IssuerKey => new(ReadData("SdJwt", "rfc9901-a5-issuer-key.json"));

    [Fact]
    public void Section_4_2_3_digest_of_the_family_name_disclosure()
    {
        var example = ReadJson("SdJwt", "rfc9901-4.2-disclosures.json")["objectProperty"]!;
        Assert.Equal(example["digest"]!.GetValue<string>(), SdJwtEncoding.DigestOfAscii(example["disclosure"]!.GetValue<string>()));
    }

    [Fact]
    public void Section_4_2_1_encoding_variants_decode_to_the_same_claim_with_different_digests()
    {
        var example = ReadJson("SdJwt", "rfc9901-4.2-disclosures.json");
        var digests = new HashSet<string>();
        foreach (var variant in example["variants"]!.AsArray().Select(v => v!.GetValue<string>()))
        {
            Assert.True(Disclosure.TryParse(variant, 8, out var disclosure));
            Assert.Equal("family_name", disclosure!.Name);
            Assert.Equal("Möbius", disclosure.Value!.GetValue<string>());
            Assert.True(digests.Add(disclosure.Digest));
        }
    }

    [Fact]
    public void Section_4_2_2_array_element_disclosure_and_its_digest()
    {
        var example = ReadJson("SdJwt", "rfc9901-4.2-disclosures.json")["arrayElement"]!;
        Assert.True(Disclosure.TryParse(example["disclosure"]!.GetValue<string>(), 8, out var disclosure));
        Assert.True(disclosure!.IsArrayElement);
        Assert.Equal("FR", disclosure.Value!.GetValue<string>());
        Assert.Equal(example["digest"]!.GetValue<string>(), disclosure.Digest);
    }

    [Fact]
    public void Section_5_1_every_disclosure_digest_equals_the_rfc_value()
    {
        var disclosures = Section5["disclosures"]!.AsArray();
        Assert.Equal(10, disclosures.Count);
        foreach (var item in disclosures)
        {
            Assert.Equal(item!["digest"]!.GetValue<string>(), SdJwtEncoding.DigestOfAscii(item["disclosure"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Section_5_1_sd_jwt_is_the_issuer_jwt_followed_by_the_disclosures()
    {
        var expected = ReadData("SdJwt", "rfc9901-5.1-issuer-jwt.txt") + "~"
            + string.Concat(Section5["disclosures"]!.AsArray().Select(d => d!["disclosure"]!.GetValue<string>() + "~"));
        Assert.Equal(expected, ReadData("SdJwt", "rfc9901-5.1-sd-jwt.txt"));

        var payload = IssuerPayload.Decode(ReadData("SdJwt", "rfc9901-5.1-issuer-jwt.txt"), SdJwtLimits.Default);
        Assert.True(JsonNode.DeepEquals(Section5["issuerPayload"], payload.Value));
    }

    [Fact]
    public async Task Section_5_1_issuer_signature_verifies_with_the_appendix_A_5_key()
    {
        var verifier = new SdJwtVerifier(Clock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
        var result = await verifier.Verify(ReadData("SdJwt", "rfc9901-5.1-sd-jwt.txt"), new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [IssuerKey],
            RequireKeyBinding = false,
            AcceptedTypes = ["example+sd-jwt"],
        });

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(10, result.Value.DisclosedClaims.Count);
        Assert.True(JsonNode.DeepEquals(Section5["claims"], Without(result.Value.Payload, "iss", "iat", "exp", "cnf")));
    }

    [Fact]
    public async Task Section_5_2_presentation_verifies_with_key_binding_and_gives_the_rfc_processed_payload()
    {
        var kb = Section5["kbJwtPayload"]!;
        var verifier = new SdJwtVerifier(Clock(DateTimeOffset.FromUnixTimeSeconds(kb["iat"]!.GetValue<long>() + 10)));
        var result = await verifier.Verify(ReadData("SdJwt", "rfc9901-5.2-presentation.txt"), new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [IssuerKey],
            ExpectedAudience = kb["aud"]!.GetValue<string>(),
            ExpectedNonce = kb["nonce"]!.GetValue<string>(),
        });

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(result.Value.IsKeyBound);
        Assert.True(JsonNode.DeepEquals(Section5["processedPayload"], result.Value.Payload), result.Value.Payload.ToJsonString());
        Assert.Equal(
            ["[\"address\"]", "[\"family_name\"]", "[\"given_name\"]", "[\"nationalities\",0]"],
            result.Value.DisclosedClaims.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Section_5_2_sd_hash_is_the_digest_of_the_presentation_up_to_the_last_tilde()
    {
        var presentation = ReadData("SdJwt", "rfc9901-5.2-presentation.txt");
        var sdJwt = presentation[..(presentation.LastIndexOf('~') + 1)];
        Assert.Equal(Section5["kbJwtPayload"]!["sd_hash"]!.GetValue<string>(), SdJwtEncoding.DigestOfAscii(sdJwt));
    }

    [Theory]
    [InlineData("flat")]
    [InlineData("structured")]
    [InlineData("recursive")]
    public void Section_6_processing_the_issuer_payload_with_all_disclosures_gives_the_input_claims(string example)
    {
        var examples = ReadJson("SdJwt", "rfc9901-6-examples.json");
        var payload = examples[example]!["issuerPayload"]!.DeepClone().AsObject();
        var disclosures = examples[example]!["disclosures"]!.AsArray().Select(d => d!["disclosure"]!.GetValue<string>()).ToList();
        foreach (var item in examples[example]!["disclosures"]!.AsArray())
        {
            Assert.Equal(item!["digest"]!.GetValue<string>(), SdJwtEncoding.DigestOfAscii(item["disclosure"]!.GetValue<string>()));
        }

        var result = DisclosureProcessor.Process(payload, disclosures, SdJwtLimits.Default);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(JsonNode.DeepEquals(examples["claims"], Without(result.Value.Payload, "iss", "iat", "exp")), result.Value.Payload.ToJsonString());
    }

    [Fact]
    public void Section_6_2_one_open_sub_claim_stays_and_the_others_are_disclosed()
    {
        var examples = ReadJson("SdJwt", "rfc9901-6-examples.json");
        var payload = examples["structuredOneOpen"]!["issuerPayload"]!.DeepClone().AsObject();
        var disclosures = examples["structuredOneOpen"]!["disclosures"]!.AsArray().Select(d => d!["disclosure"]!.GetValue<string>()).ToList();

        var result = DisclosureProcessor.Process(payload, disclosures, SdJwtLimits.Default);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(JsonNode.DeepEquals(examples["claims"], Without(result.Value.Payload, "iss", "iat", "exp")));
    }

    [Fact]
    public void Section_6_3_recursive_disclosures_record_the_parent_of_each_sub_claim()
    {
        var examples = ReadJson("SdJwt", "rfc9901-6-examples.json");
        var payload = examples["recursive"]!["issuerPayload"]!.DeepClone().AsObject();
        var disclosures = examples["recursive"]!["disclosures"]!.AsArray().Select(d => d!["disclosure"]!.GetValue<string>()).ToList();

        var result = DisclosureProcessor.Process(payload, disclosures, SdJwtLimits.Default);

        var address = Assert.Single(result.Value!.Disclosures, d => d.Path.Equals(ClaimPath.Of("address")));
        Assert.Null(address.Parent);
        Assert.All(result.Value.Disclosures.Where(d => d.Path.Count == 2), d => Assert.Same(address.Disclosure, d.Parent));
    }

    [Fact]
    public async Task Appendix_A_1_presentation_with_decoys_verifies_and_gives_the_rfc_processed_payload()
    {
        var example = ReadJson("SdJwt", "rfc9901-a1-example.json");
        foreach (var item in example["disclosures"]!.AsArray())
        {
            Assert.Equal(item!["digest"]!.GetValue<string>(), SdJwtEncoding.DigestOfAscii(item["disclosure"]!.GetValue<string>()));
        }

        var verifier = new SdJwtVerifier(Clock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
        var result = await verifier.Verify(ReadData("SdJwt", "rfc9901-a1-presentation.txt"), new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [IssuerKey],
            RequireKeyBinding = false,
        });

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(JsonNode.DeepEquals(example["processedPayload"], result.Value.Payload), result.Value.Payload.ToJsonString());
        Assert.Equal(6, example["decoyDigests"]!.AsArray().Count);
    }

    [Fact]
    public async Task Section_5_2_presentation_is_refused_when_key_binding_is_checked_against_another_nonce()
    {
        var kb = Section5["kbJwtPayload"]!;
        var verifier = new SdJwtVerifier(Clock(DateTimeOffset.FromUnixTimeSeconds(kb["iat"]!.GetValue<long>())));
        var result = await verifier.Verify(ReadData("SdJwt", "rfc9901-5.2-presentation.txt"), new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [IssuerKey],
            ExpectedAudience = kb["aud"]!.GetValue<string>(),
            ExpectedNonce = "another",
        });

        Assert.Equal(SdJwtErrorCodes.KbJwtNonceMismatch, result.Error?.Code);
    }

    private static JsonObject Without(JsonObject payload, params string[] names)
    {
        var copy = payload.DeepClone().AsObject();
        foreach (var name in names)
        {
            copy.Remove(name);
        }

        return copy;
    }
}
