using System.Text.Json.Nodes;
using Identity.Verifier.Tests.Support;

namespace Identity.Verifier.Tests;

/// <summary>RFC 9901 §7.1 steps 3–5: disclosures must match digests exactly once, with no reserved or clashing names.</summary>
public sealed class DisclosureRefusalTests
{
    private static async Task<string?> CodeAsync(VerifierFixture fx, IssuedCredential credential, IEnumerable<string> disclose, IEnumerable<string>? extra = null)
    {
        var presentation = fx.Credentials.Present(credential, VerifierFixture.Nonce, VerifierFixture.Audience, disclose, extraDisclosures: extra);
        var result = await fx.CreateVerifier().VerifyAsync(presentation, VerifierFixture.Expect(), TestContext.Current.CancellationToken);
        return result.Error?.Code;
    }

    [Fact]
    public async Task Rejects_disclosure_not_referenced_by_any_digest()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri);
        var forged = TestCredentials.Disclosure("age_over_21", true);
        Assert.Equal(VerifierErrorCodes.DigestMismatch, await CodeAsync(fx, credential, ["age_over_18"], [forged]));
    }

    [Fact]
    public async Task Rejects_disclosure_presented_twice()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri);
        Assert.Equal(VerifierErrorCodes.DuplicateDisclosure, await CodeAsync(fx, credential, ["age_over_18", "age_over_18"]));
    }

    [Fact]
    public async Task Rejects_digest_appearing_twice_in_payload()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri, editPayload: p =>
        {
            var sd = p["_sd"]!.AsArray();
            sd.Add(sd[0]!.GetValue<string>());
        });
        Assert.Equal(VerifierErrorCodes.DuplicateDigest, await CodeAsync(fx, credential, []));
    }

    [Fact]
    public async Task Rejects_malformed_disclosure()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri);
        Assert.Equal(VerifierErrorCodes.DisclosureMalformed, await CodeAsync(fx, credential, [], [Jws.B64("{\"not\":\"an array\"}")]));
    }

    [Fact]
    public async Task Rejects_disclosure_overwriting_a_plain_claim()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var clash = TestCredentials.Disclosure("iss", "https://attacker.example");
        var credential = fx.Credentials.Issue(fx.StatusUri, editPayload: p => p["_sd"]!.AsArray().Add(TestCredentials.Digest(clash)));
        Assert.Equal(VerifierErrorCodes.ClaimCollision, await CodeAsync(fx, credential, [], [clash]));
    }

    [Fact]
    public async Task Rejects_disclosure_with_reserved_name()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var reserved = TestCredentials.Disclosure("_sd", new JsonArray());
        var credential = fx.Credentials.Issue(fx.StatusUri, editPayload: p => p["_sd"]!.AsArray().Add(TestCredentials.Digest(reserved)));
        Assert.Equal(VerifierErrorCodes.ClaimNameInvalid, await CodeAsync(fx, credential, [], [reserved]));
    }

    [Fact]
    public async Task Rejects_unsupported_sd_alg()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(fx.StatusUri, editPayload: p => p["_sd_alg"] = "sha-1");
        Assert.Equal(VerifierErrorCodes.HashAlgorithmUnsupported, await CodeAsync(fx, credential, ["age_over_18"]));
    }

    [Fact]
    public async Task Discloses_nested_and_array_element_disclosures()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var locality = TestCredentials.Disclosure("locality", "Québec");
        var element = Jws.B64(new JsonArray("c2FsdA", "fr").ToJsonString());
        var credential = fx.Credentials.Issue(fx.StatusUri, editPayload: p =>
        {
            p["address"] = new JsonObject { ["_sd"] = new JsonArray(TestCredentials.Digest(locality)), ["country"] = "CA" };
            p["languages"] = new JsonArray(new JsonObject { ["..."] = TestCredentials.Digest(element) }, new JsonObject { ["..."] = "decoy-digest" });
        });
        var presentation = fx.Credentials.Present(credential, VerifierFixture.Nonce, VerifierFixture.Audience, [], extraDisclosures: [locality, element]);

        var result = await fx.CreateVerifier().VerifyAsync(presentation, VerifierFixture.Expect(), TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal("Québec", result.Claims["address"].GetProperty("locality").GetString());
        Assert.Equal(1, result.Claims["languages"].GetArrayLength());
        Assert.Equal("fr", result.Claims["languages"][0].GetString());
    }
}
