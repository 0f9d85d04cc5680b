using Identity.Tokens.Jose;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Tests.Jose;

public class Es256JwsTests
{
    [Fact]
    public async Task Token_signed_with_ES256_through_JsonWebTokenHandler_validates()
    {
        var key = JwkKeys.GenerateEs256();
        var token = JwsTestHelpers.Sign(key, JoseAlgorithms.ES256);
        Assert.True(JwkKeys.TryCreateSecurityKey(JwkKeys.ExportPublicJwk(key), out var publicKey));

        var result = await JwsTestHelpers.ValidateAsync(token, publicKey!);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.IsType<ECDsaSecurityKey>(publicKey);
    }

    [Fact]
    public async Task Rejects_ES256_token_with_altered_signature()
    {
        var key = JwkKeys.GenerateEs256();
        var token = JwsTestHelpers.TamperSignature(JwsTestHelpers.Sign(key, JoseAlgorithms.ES256));

        var result = await JwsTestHelpers.ValidateAsync(token, key);

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Rejects_ES256_token_signed_by_another_key()
    {
        var signer = JwkKeys.GenerateEs256();
        var other = JwkKeys.GenerateEs256();
        other.KeyId = signer.KeyId;

        var result = await JwsTestHelpers.ValidateAsync(JwsTestHelpers.Sign(signer, JoseAlgorithms.ES256), other);

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Rejects_ES256_header_with_an_Ed25519_key()
    {
        var ecKey = JwkKeys.GenerateEs256();
        var edKey = JwkKeys.GenerateEd25519();
        edKey.KeyId = ecKey.KeyId;

        var result = await JwsTestHelpers.ValidateAsync(JwsTestHelpers.Sign(ecKey, JoseAlgorithms.ES256), edKey);

        Assert.False(result.IsValid);
    }
}
