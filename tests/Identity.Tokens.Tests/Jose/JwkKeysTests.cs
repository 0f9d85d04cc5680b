using System.Security.Cryptography;
using Identity.Tokens.Jose;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Tests.Jose;

public class JwkKeysTests
{
    private const string Area = "Jose";
    private const string Rfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    [Fact]
    public void Creates_Ed25519_public_key_from_Rfc8037_A2()
    {
        Assert.True(JwkKeys.TryCreateSecurityKey(TestFiles.Read(Area, "rfc8037-a2-public-key.json"), out var key));

        var ed = Assert.IsType<Ed25519SecurityKey>(key);
        Assert.Equal(PrivateKeyStatus.DoesNotExist, ed.PrivateKeyStatus);
        Assert.Equal(Rfc8037X, Base64UrlEncoder.Encode(ed.PublicKey.ToArray()));
    }

    [Fact]
    public void Creates_Ed25519_private_key_from_Rfc8037_A1()
    {
        Assert.True(JwkKeys.TryCreateSecurityKey(TestFiles.Read(Area, "rfc8037-a1-private-key.json"), out var key));

        Assert.Equal(PrivateKeyStatus.Exists, Assert.IsType<Ed25519SecurityKey>(key).PrivateKeyStatus);
    }

    [Fact]
    public void Rfc8037_A3_thumbprint_matches()
    {
        var jwk = new JsonWebKey(TestFiles.Read(Area, "rfc8037-a2-public-key.json"));

        Assert.True(JwkKeys.TryComputeThumbprint(jwk, out var thumbprint));
        Assert.Equal(TestFiles.Read(Area, "rfc8037-a3-thumbprint.txt"), thumbprint);

        Assert.True(JwkKeys.TryCreateSecurityKey(jwk, out var key));
        Assert.Equal(thumbprint, JwkKeys.ComputeThumbprint(key!));
        Assert.Equal(thumbprint, Base64UrlEncoder.Encode(key!.ComputeJwkThumbprint()));
    }

    [Fact]
    public void Rfc7638_3_1_thumbprint_matches()
    {
        var jwk = new JsonWebKey(TestFiles.Read(Area, "rfc7638-3.1-rsa-key.json"));

        Assert.True(JwkKeys.TryComputeThumbprint(jwk, out var thumbprint));
        Assert.Equal(TestFiles.Read(Area, "rfc7638-3.1-thumbprint.txt"), thumbprint);
    }

    [Fact]
    public void Ec_thumbprint_matches_IdentityModel()
    {
        var key = JwkKeys.GenerateEs256();

        Assert.Equal(Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()), JwkKeys.ComputeThumbprint(key));
        Assert.Equal(key.KeyId, JwkKeys.ComputeThumbprint(key));
    }

    [Fact]
    public void Generated_Ed25519_key_has_private_part_and_thumbprint_kid()
    {
        var key = JwkKeys.GenerateEd25519();

        Assert.Equal(PrivateKeyStatus.Exists, key.PrivateKeyStatus);
        Assert.Equal(JwkKeys.ComputeThumbprint(key), key.KeyId);
        Assert.NotEqual(key.KeyId, JwkKeys.GenerateEd25519().KeyId);
    }

    [Fact]
    public void Ed25519_private_jwk_round_trips_and_signs_identically()
    {
        var key = JwkKeys.GenerateEd25519();
        var json = JwkKeys.ToJson(JwkKeys.ExportPrivateJwk(key));

        Assert.True(JwkKeys.TryCreateSecurityKey(json, out var imported));

        var input = "abc"u8.ToArray();
        var a = key.CryptoProviderFactory.CreateForSigning(key, JoseAlgorithms.EdDSA).Sign(input);
        var b = imported!.CryptoProviderFactory.CreateForSigning(imported, JoseAlgorithms.EdDSA).Sign(input);
        Assert.Equal(a, b);
        Assert.Equal(key.KeyId, imported.KeyId);
    }

    [Fact]
    public void Es256_private_jwk_round_trips()
    {
        var key = JwkKeys.GenerateEs256();
        var jwk = JwkKeys.ExportPrivateJwk(key);

        Assert.True(JwkKeys.TryCreateSecurityKey(JwkKeys.ToJson(jwk), out var imported));
        var ec = Assert.IsType<ECDsaSecurityKey>(imported);
        Assert.Equal(jwk.D, JwkKeys.ExportPrivateJwk(ec).D);
        Assert.Equal(key.KeyId, ec.KeyId);
    }

    [Fact]
    public void Public_jwk_export_has_no_private_member()
    {
        foreach (SecurityKey key in new SecurityKey[] { JwkKeys.GenerateEs256(), JwkKeys.GenerateEd25519() })
        {
            var json = JwkKeys.ToJson(JwkKeys.ExportPublicJwk(key));
            Assert.DoesNotContain("\"d\"", json, StringComparison.Ordinal);
            Assert.True(JwkKeys.TryCreateSecurityKey(json, out var imported));
            Assert.Throws<ArgumentException>(() => JwkKeys.ExportPrivateJwk(imported!));
        }
    }

    [Fact]
    public void Export_refuses_unsupported_key_types()
    {
        using var rsa = RSA.Create(2048);

        Assert.Throws<ArgumentException>(() => JwkKeys.ExportPublicJwk(new RsaSecurityKey(rsa)));
        Assert.Throws<ArgumentException>(() => JwkKeys.ExportPublicJwk(new SymmetricSecurityKey(new byte[32])));
        Assert.Throws<ArgumentException>(() => JwkKeys.ExportPrivateJwk(PublicOnlyEd25519()));
    }

    [Fact]
    public void Refuses_rsa_key() => AssertRefused(TestFiles.Read(Area, "rfc7638-3.1-rsa-key.json"));

    [Fact]
    public void Refuses_symmetric_oct_key() => AssertRefused("""{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}""");

    [Fact]
    public void Refuses_P384_curve()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var p = ecdsa.ExportParameters(false);
        AssertRefused(new JsonWebKey { Kty = "EC", Crv = "P-384", X = Base64UrlEncoder.Encode(p.Q.X), Y = Base64UrlEncoder.Encode(p.Q.Y) });
    }

    [Fact]
    public void Refuses_X25519_okp_key() => AssertRefused($$"""{"kty":"OKP","crv":"X25519","x":"{{Rfc8037X}}"}""");

    [Fact]
    public void Refuses_Ed448_okp_key() => AssertRefused($$"""{"kty":"OKP","crv":"Ed448","x":"{{Rfc8037X}}"}""");

    [Fact]
    public void Refuses_okp_key_with_short_x() => AssertRefused("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcH"}""");

    [Fact]
    public void Refuses_okp_key_with_padded_or_non_base64url_x()
    {
        AssertRefused($$"""{"kty":"OKP","crv":"Ed25519","x":"{{Rfc8037X}}="}""");
        AssertRefused("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""");
    }

    [Fact]
    public void Refuses_okp_private_key_whose_d_does_not_match_x()
    {
        var other = JwkKeys.ExportPrivateJwk(JwkKeys.GenerateEd25519());
        AssertRefused(new JsonWebKey { Kty = "OKP", Crv = "Ed25519", X = Rfc8037X, D = other.D });
    }

    [Fact]
    public void Refuses_okp_key_with_declared_rsa_alg() => AssertRefused($$"""{"kty":"OKP","crv":"Ed25519","x":"{{Rfc8037X}}","alg":"RS256"}""");

    [Fact]
    public void Refuses_encryption_key() => AssertRefused($$"""{"kty":"OKP","crv":"Ed25519","x":"{{Rfc8037X}}","use":"enc"}""");

    [Fact]
    public void Refuses_ec_point_not_on_curve()
    {
        var jwk = JwkKeys.ExportPublicJwk(JwkKeys.GenerateEs256());
        var y = Base64UrlEncoder.DecodeBytes(jwk.Y);
        y[^1] ^= 0x01;
        jwk.Y = Base64UrlEncoder.Encode(y);

        AssertRefused(jwk);
    }

    [Fact]
    public void Refuses_ec_private_key_whose_d_does_not_match_the_point()
    {
        var jwk = JwkKeys.ExportPublicJwk(JwkKeys.GenerateEs256());
        jwk.D = JwkKeys.ExportPrivateJwk(JwkKeys.GenerateEs256()).D;

        AssertRefused(jwk);
    }

    [Fact]
    public void Refuses_ec_key_with_wrong_length_coordinate()
    {
        var jwk = JwkKeys.ExportPublicJwk(JwkKeys.GenerateEs256());
        jwk.X = Base64UrlEncoder.Encode(Base64UrlEncoder.DecodeBytes(jwk.X)[1..]);

        AssertRefused(jwk);
    }

    [Fact]
    public void Refuses_ec_key_without_y()
    {
        var jwk = JwkKeys.ExportPublicJwk(JwkKeys.GenerateEs256());
        jwk.Y = null;

        AssertRefused(jwk);
    }

    [Fact]
    public void Refuses_ec_key_with_declared_EdDSA_alg()
    {
        var jwk = JwkKeys.ExportPublicJwk(JwkKeys.GenerateEs256());
        jwk.Alg = JoseAlgorithms.EdDSA;

        AssertRefused(jwk);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("123")]
    [InlineData("\"OKP\"")]
    [InlineData("{\"kty\":1}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":{}}")]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":[],\"y\":null}")]
    public void Refuses_json_that_is_not_a_jwk_without_throwing(string json) => AssertRefused(json);

    [Fact]
    public void Refuses_malformed_json()
    {
        Assert.False(JwkKeys.TryCreateSecurityKey("{\"kty\":", out var key));
        Assert.Null(key);
        Assert.False(JwkKeys.TryCreateSecurityKey(string.Empty, out _));
    }

    private static Ed25519SecurityKey PublicOnlyEd25519()
    {
        Assert.True(JwkKeys.TryCreateSecurityKey(TestFiles.Read(Area, "rfc8037-a2-public-key.json"), out var key));
        return (Ed25519SecurityKey)key!;
    }

    private static void AssertRefused(string json)
    {
        Assert.False(JwkKeys.TryCreateSecurityKey(json, out var key));
        Assert.Null(key);
    }

    private static void AssertRefused(JsonWebKey jwk)
    {
        Assert.False(JwkKeys.TryCreateSecurityKey(jwk, out var key));
        Assert.Null(key);
    }
}
