using System.Text;
using Identity.Tokens.Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Tests.Jose;

public class Ed25519JwsTests
{
    private const string Area = "Jose";

    [Theory]
    [InlineData(JoseAlgorithms.EdDSA)]
    [InlineData(JoseAlgorithms.Ed25519)]
    public async Task Token_signed_with_Ed25519_through_JsonWebTokenHandler_validates(string algorithm)
    {
        var key = JwkKeys.GenerateEd25519();
        var token = JwsTestHelpers.Sign(key, algorithm);

        var header = new JsonWebToken(token);
        Assert.Equal(algorithm, header.Alg);
        Assert.Equal(key.KeyId, header.Kid);

        var result = await JwsTestHelpers.ValidateAsync(token, PublicOnly(key));
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task Rejects_token_with_altered_signature()
    {
        var key = JwkKeys.GenerateEd25519();
        var token = JwsTestHelpers.TamperSignature(JwsTestHelpers.Sign(key, JoseAlgorithms.EdDSA));

        var result = await JwsTestHelpers.ValidateAsync(token, PublicOnly(key));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception, exactMatch: false);
    }

    [Fact]
    public async Task Rejects_token_with_altered_payload()
    {
        var key = JwkKeys.GenerateEd25519();
        var parts = JwsTestHelpers.Sign(key, JoseAlgorithms.EdDSA).Split('.');
        var forged = Base64UrlEncoder.Encode("{\"sub\":\"urn:example:other\"}");

        var result = await JwsTestHelpers.ValidateAsync($"{parts[0]}.{forged}.{parts[2]}", PublicOnly(key));

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Rejects_token_signed_by_another_key()
    {
        var signer = JwkKeys.GenerateEd25519();
        var other = JwkKeys.GenerateEd25519();
        other.KeyId = signer.KeyId;
        var token = JwsTestHelpers.Sign(signer, JoseAlgorithms.Ed25519);

        var result = await JwsTestHelpers.ValidateAsync(token, PublicOnly(other));

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Rejects_alg_none()
    {
        var key = JwkKeys.GenerateEd25519();
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64UrlEncoder.Encode("{\"sub\":\"urn:example:subject\"}");

        var result = await JwsTestHelpers.ValidateAsync($"{header}.{payload}.", PublicOnly(key));

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Rejects_EdDSA_header_with_an_ES256_key()
    {
        var edKey = JwkKeys.GenerateEd25519();
        var ecKey = JwkKeys.GenerateEs256();
        ecKey.KeyId = edKey.KeyId;
        var token = JwsTestHelpers.Sign(edKey, JoseAlgorithms.EdDSA);

        var result = await JwsTestHelpers.ValidateAsync(token, ecKey);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Signing_with_a_public_only_key_is_refused()
    {
        var key = PublicOnly(JwkKeys.GenerateEd25519());

        Assert.ThrowsAny<Exception>(() => JwsTestHelpers.Sign(key, JoseAlgorithms.EdDSA));
    }

    [Fact]
    public void Rfc8037_A4_signature_is_reproduced_exactly()
    {
        Assert.True(JwkKeys.TryCreateSecurityKey(TestFiles.Read(Area, "rfc8037-a1-private-key.json"), out var key));
        var expected = TestFiles.Read(Area, "rfc8037-a4-jws.txt").Split('.');
        var signingInput = Encoding.ASCII.GetBytes($"{expected[0]}.{expected[1]}");

        var provider = key!.CryptoProviderFactory.CreateForSigning(key, JoseAlgorithms.EdDSA);
        var signature = provider.Sign(signingInput);

        Assert.Equal(expected[2], Base64UrlEncoder.Encode(signature));
        Assert.Equal("Example of Ed25519 signing", Base64UrlEncoder.Decode(expected[1]));
    }

    [Fact]
    public void Rfc8037_A5_signature_verifies_with_the_public_key()
    {
        Assert.True(JwkKeys.TryCreateSecurityKey(TestFiles.Read(Area, "rfc8037-a2-public-key.json"), out var key));
        var jws = TestFiles.Read(Area, "rfc8037-a4-jws.txt").Split('.');
        var signingInput = Encoding.ASCII.GetBytes($"{jws[0]}.{jws[1]}");
        var signature = Base64UrlEncoder.DecodeBytes(jws[2]);

        var provider = key!.CryptoProviderFactory.CreateForVerifying(key, JoseAlgorithms.EdDSA);

        Assert.True(provider.Verify(signingInput, signature));
        signature[10] ^= 0x80;
        Assert.False(provider.Verify(signingInput, signature));
    }

    [Fact]
    public void Crypto_provider_leaves_other_algorithms_to_the_default_factory()
    {
        var key = JwkKeys.GenerateEd25519();

        Assert.True(key.CryptoProviderFactory.IsSupportedAlgorithm(JoseAlgorithms.EdDSA, key));
        Assert.True(key.CryptoProviderFactory.IsSupportedAlgorithm(JoseAlgorithms.Ed25519, key));
        Assert.False(key.CryptoProviderFactory.IsSupportedAlgorithm(SecurityAlgorithms.EcdsaSha256, key));
        Assert.True(key.CryptoProviderFactory.IsSupportedAlgorithm(SecurityAlgorithms.EcdsaSha256, JwkKeys.GenerateEs256()));
    }

    private static SecurityKey PublicOnly(SecurityKey key)
    {
        Assert.True(JwkKeys.TryCreateSecurityKey(JwkKeys.ExportPublicJwk(key), out var publicKey));
        return publicKey!;
    }
}
