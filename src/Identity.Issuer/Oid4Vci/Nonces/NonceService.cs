using System.Security.Cryptography;
using Identity.State;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Oid4Vci.Nonces;

/// <summary>
/// <c>c_nonce</c> values (OpenID4VCI §7): random, kept in the shared store for a limited time, consumed atomically on first use so
/// that a nonce used at one replica is refused at every other.
/// </summary>
internal sealed class NonceService(IEphemeralStore store, IOptions<Oid4VciOptions> options)
{
    private const string Prefix = "oid4vci:nonce:";
    private static readonly byte[] Marker = [1];

    public async Task<string> IssueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var nonce = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            if (await store.TryAddAsync(Prefix + nonce, Marker, options.Value.NonceLifetime, cancellationToken))
            {
                return nonce;
            }
        }
    }

    /// <summary>True once for a nonce this issuer handed out and that has not expired.</summary>
    public async Task<bool> TryConsumeAsync(string nonce, CancellationToken cancellationToken)
        => nonce.Length is > 0 and <= 256 && await store.TakeAsync(Prefix + nonce, cancellationToken) is not null;
}
