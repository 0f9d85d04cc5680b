using System.Text.Json;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Identity.Tokens.SdJwt;
using Microsoft.IdentityModel.Tokens;
using static Identity.Tokens.Tests.SdJwt.SdJwtTestKit;

namespace Identity.Tokens.Tests.SdJwt;

/// <summary>The relying party's policy hooks: an issuer key lookup that sees the header and may refuse, and algorithm allow-lists.</summary>
public class VerificationPolicyTests
{
    private readonly SdJwtFixture _fixture = new();

    private SdJwtVerificationOptions Lookup(IssuerKeyLookup lookup) => new()
    {
        IssuerKeyLookup = lookup,
        ExpectedAudience = Audience,
        ExpectedNonce = Nonce,
    };

    [Fact]
    public async Task Issuer_key_lookup_receives_the_issuer_kid_alg_and_header()
    {
        IssuerKeyRequest? seen = null;
        var result = await _fixture.Verifier.Verify(_fixture.Present(ClaimPath.Of("email")), Lookup((request, _) =>
        {
            seen = request;
            return ValueTask.FromResult(TokenResult<IReadOnlyCollection<SecurityKey>>.Success([_fixture.IssuerKey]));
        }));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.NotNull(seen);
        Assert.Equal("https://issuer.example.com", seen.Issuer);
        Assert.Equal(_fixture.IssuerKey.KeyId, seen.KeyId);
        Assert.Equal(JoseAlgorithms.ES256, seen.Algorithm);
        Assert.Equal(JsonValueKind.Object, seen.Header.ValueKind);
        Assert.Equal("example+sd-jwt", seen.Header.GetProperty("typ").GetString());
    }

    [Fact]
    public async Task Issuer_key_lookup_error_is_the_verification_result()
    {
        var refusal = new TokenError("RP_ISSUER_UNTRUSTED", "Not an issuer this relying party trusts.", "invalid_credential");
        var result = await _fixture.Verifier.Verify(_fixture.Present(ClaimPath.Of("email")), Lookup((_, _) =>
            ValueTask.FromResult<TokenResult<IReadOnlyCollection<SecurityKey>>>(refusal)));

        Assert.Same(refusal, result.Error);
    }

    [Fact]
    public async Task Issuer_key_lookup_with_no_key_is_refused()
    {
        var result = await _fixture.Verifier.Verify(_fixture.Present(ClaimPath.Of("email")), Lookup((_, _) =>
            ValueTask.FromResult(TokenResult<IReadOnlyCollection<SecurityKey>>.Success(Array.Empty<SecurityKey>()))));

        Assert.Equal(SdJwtErrorCodes.IssuerKeyNotFound, result.Error?.Code);
    }

    [Fact]
    public async Task Rejects_an_issuer_algorithm_outside_the_allow_list()
    {
        var options = new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [_fixture.IssuerKey],
            IssuerAlgorithms = [JoseAlgorithms.EdDSA],
            ExpectedAudience = Audience,
            ExpectedNonce = Nonce,
        };
        var result = await _fixture.Verifier.Verify(_fixture.Present(ClaimPath.Of("email")), options);
        Assert.Equal(SdJwtErrorCodes.AlgNotAllowed, result.Error?.Code);
    }

    [Fact]
    public async Task Rejects_a_kb_jwt_algorithm_outside_the_allow_list()
    {
        var options = new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [_fixture.IssuerKey],
            KeyBindingAlgorithms = [JoseAlgorithms.Ed25519],
            ExpectedAudience = Audience,
            ExpectedNonce = Nonce,
        };
        var result = await _fixture.Verifier.Verify(_fixture.Present(ClaimPath.Of("email")), options);
        Assert.Equal(SdJwtErrorCodes.KbJwtAlgNotAllowed, result.Error?.Code);
    }

    [Fact]
    public async Task Allow_lists_that_include_the_algorithm_accept()
    {
        var options = new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [_fixture.IssuerKey],
            IssuerAlgorithms = [JoseAlgorithms.ES256],
            KeyBindingAlgorithms = [JoseAlgorithms.ES256, JoseAlgorithms.EdDSA],
            ExpectedAudience = Audience,
            ExpectedNonce = Nonce,
        };
        var result = await _fixture.Verifier.Verify(_fixture.Present(ClaimPath.Of("email")), options);
        Assert.True(result.IsSuccess, result.Error?.ToString());
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData(null)]
    public async Task An_allow_list_with_an_unsupported_algorithm_or_empty_is_a_misconfiguration(string? algorithm)
    {
        IReadOnlyCollection<string> allowed = algorithm is null ? [] : [algorithm];
        var options = new SdJwtVerificationOptions { IssuerSigningKeys = [_fixture.IssuerKey], KeyBindingAlgorithms = allowed, ExpectedAudience = Audience, ExpectedNonce = Nonce };
        await Assert.ThrowsAsync<InvalidOperationException>(() => _fixture.Verifier.Verify(_fixture.Present(ClaimPath.Of("email")), options));
    }

    [Fact]
    public async Task A_trusted_key_of_another_type_does_not_verify_and_does_not_throw()
    {
        var result = await _fixture.Verifier.Verify(_fixture.Present(ClaimPath.Of("email")), new SdJwtVerificationOptions
        {
            IssuerSigningKeys = [JwkKeys.GenerateEd25519(), new SymmetricSecurityKey(new byte[32])],
            ExpectedAudience = Audience,
            ExpectedNonce = Nonce,
        });
        Assert.Equal(SdJwtErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("AAAA")]
    [InlineData("____________________________________________________________________________________________")]
    public async Task An_issuer_signature_of_the_wrong_length_is_refused(string signature)
    {
        var (jwt, disclosures, last) = SdJwtFixture.Split(_fixture.Present(ClaimPath.Of("email")));
        var forged = jwt[..(jwt.LastIndexOf('.') + 1)] + signature;
        var result = await _fixture.Verifier.Verify(SdJwtFixture.Join(forged, disclosures, last), Options(_fixture.IssuerKey));
        Assert.Equal(SdJwtErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task The_same_key_verifies_again_after_a_refusal_with_another_algorithm()
    {
        // The cached verifying provider is per key and algorithm: a refused algorithm must not poison later verifications.
        var presentation = _fixture.Present(ClaimPath.Of("email"));
        Assert.True((await _fixture.Verifier.Verify(presentation, Options(_fixture.IssuerKey))).IsSuccess);
        var hs = SdJwtFixture.Join(SignJwt(new() { ["iss"] = "x" }, new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256)), []);
        Assert.Equal(SdJwtErrorCodes.AlgNotAllowed, (await _fixture.Verifier.Verify(hs, Options(_fixture.IssuerKey, requireKeyBinding: false))).Error?.Code);
        Assert.True((await _fixture.Verifier.Verify(presentation, Options(_fixture.IssuerKey))).IsSuccess);
    }
}
