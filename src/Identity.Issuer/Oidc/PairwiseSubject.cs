using System.Security.Cryptography;
using System.Text;
using Identity.Issuer.Keys;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Oidc;

/// <summary>
/// Pairwise subject identifiers (OpenID Connect Core §8.1): sub = base64url(HMAC-SHA256(secret, sector || 0x00 || citizen id)).
/// The zero byte separates the parts so that no two (sector, id) pairs produce the same input.
/// </summary>
internal sealed class PairwiseSubject(KeyMaterial keys)
{
    public string Compute(string sector, string citizenId)
    {
        var input = new byte[Encoding.UTF8.GetByteCount(sector) + 1 + Encoding.UTF8.GetByteCount(citizenId)];
        var written = Encoding.UTF8.GetBytes(sector, input);
        input[written] = 0;
        Encoding.UTF8.GetBytes(citizenId, input.AsSpan(written + 1));
        return Base64UrlEncoder.Encode(HMACSHA256.HashData(keys.PairwiseSecret, input));
    }
}
