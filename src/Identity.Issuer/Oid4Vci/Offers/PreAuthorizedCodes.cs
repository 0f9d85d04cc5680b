using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Identity.State;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Oid4Vci.Offers;

/// <summary>What a pre-authorized code stands for. The transaction code is kept as a SHA-256 digest only.</summary>
internal sealed record PreAuthorizedGrant(string CitizenId, string ConfigurationId, string TxCodeDigest, DateTimeOffset ExpiresAt);

/// <summary>
/// Pre-authorized codes in the shared ephemeral store (OpenID4VCI §4.1.1, §6.1): keyed by the code's digest so that the store never
/// holds a usable code, shared by every replica, removed on first successful use.
/// </summary>
internal sealed class PreAuthorizedCodes(IEphemeralStore store)
{
    private const string Prefix = "oid4vci:pac:";

    public async Task<string> CreateAsync(PreAuthorizedGrant grant, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        while (true)
        {
            // 256 bits: unguessable (§13.6), so guessing is no way around the tx_code attempt limit.
            var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            if (await store.TryAddAsync(Key(code), JsonSerializer.SerializeToUtf8Bytes(grant), lifetime, cancellationToken))
            {
                return code;
            }
        }
    }

    public async Task<PreAuthorizedGrant?> FindAsync(string code, CancellationToken cancellationToken)
        => Parse(await store.GetAsync(Key(code), cancellationToken));

    /// <summary>Consumes the code: of concurrent redemptions, only one gets the grant.</summary>
    public async Task<PreAuthorizedGrant?> TakeAsync(string code, CancellationToken cancellationToken)
        => Parse(await store.TakeAsync(Key(code), cancellationToken));

    public async Task KillAsync(string code, CancellationToken cancellationToken)
        => await store.RemoveAsync(Key(code), cancellationToken);

    /// <summary>Counter key for wrong transaction codes against this code.</summary>
    public static string AttemptsKey(string code) => "oid4vci:txcode:" + Digest(code);

    public static string DigestTxCode(string txCode) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(txCode)));

    private static string Key(string code) => Prefix + Digest(code);

    private static string Digest(string value) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static PreAuthorizedGrant? Parse(byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PreAuthorizedGrant>(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
