using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Issuer.SystemTests.Flow;

/// <summary>A private_key_jwt client (RFC 7523 §2.2, OpenID Connect Core §9): an ES256 key and the assertions it signs.</summary>
internal sealed class ClientAssertion : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ClientAssertion(string clientId) => ClientId = clientId;

    public string ClientId { get; }

    /// <summary>The public key as a JWK Set, as a client registers it.</summary>
    public string JsonWebKeySet()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "EC", crv = "P-256", use = "sig", alg = "ES256", kid = "test-1", x = Base64UrlTextEncoder.Encode(parameters.Q.X!), y = Base64UrlTextEncoder.Encode(parameters.Q.Y!) },
            },
        });
    }

    /// <summary>A signed assertion for <paramref name="audience"/> with a fresh <c>jti</c>, typed as draft-ietf-oauth-rfc7523bis asks (OpenIddict refuses "JWT", an ID token's type).</summary>
    public string Create(Uri audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "client-authentication+jwt", kid = "test-1" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = ClientId,
            sub = ClientId,
            aud = audience.AbsoluteUri,
            jti = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            iat = now,
            exp = now + 120,
        });
        var signingInput = Base64UrlTextEncoder.Encode(header) + "." + Base64UrlTextEncoder.Encode(payload);
        // JWS ES256 signatures are R || S (RFC 7518 §3.4), .NET's default IEEE P1363 format.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64UrlTextEncoder.Encode(signature);
    }

    public void Dispose() => _key.Dispose();
}
