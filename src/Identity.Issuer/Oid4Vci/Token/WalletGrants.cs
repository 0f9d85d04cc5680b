using System.Security.Cryptography;
using System.Text.Json;
using Identity.State;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Oid4Vci.Token;

/// <summary>Who an access token from the pre-authorized code grant was issued for.</summary>
internal sealed record WalletGrant(string CitizenId, string? ClientId);

/// <summary>
/// Binds a pre-authorized access token to its citizen without putting the internal citizen identifier in the token (the access token
/// is a JWT the wallet can read): the token carries a random handle, the shared store maps it to the citizen for the token's lifetime.
/// </summary>
internal sealed class WalletGrants(IEphemeralStore store)
{
    public const string HandleClaim = "oid4vci_grant";
    private const string Prefix = "oid4vci:grant:";

    public async Task<string> CreateAsync(WalletGrant grant, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        while (true)
        {
            var handle = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            if (await store.TryAddAsync(Prefix + handle, JsonSerializer.SerializeToUtf8Bytes(grant), lifetime, cancellationToken))
            {
                return handle;
            }
        }
    }

    public async Task<WalletGrant?> FindAsync(string handle, CancellationToken cancellationToken)
    {
        var bytes = await store.GetAsync(Prefix + handle, cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<WalletGrant>(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
