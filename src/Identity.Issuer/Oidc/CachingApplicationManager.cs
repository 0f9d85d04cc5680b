using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Issuer.Oidc;

/// <summary>
/// OpenIddict stores client secrets as PBKDF2-SHA256 with 10,000 iterations: a few milliseconds of CPU per check, which caps
/// client_secret_basic at a few hundred requests per second per core. This manager remembers, per stored hash, an HMAC of the last
/// secret that matched it (keyed by a random per-process key), so repeated calls with the same secret cost one HMAC. A changed secret
/// changes the stored hash, so an old secret can never match from the cache; wrong secrets always take the full PBKDF2 path.
/// </summary>
internal sealed class CachingApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    private const int MaxEntries = 10_000;
    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);
    private static readonly ConcurrentDictionary<string, byte[]> Verified = new(StringComparer.Ordinal);

    protected override async ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        var mac = HMACSHA256.HashData(ProcessKey, Encoding.UTF8.GetBytes(secret));
        if (Verified.TryGetValue(comparand, out var known) && CryptographicOperations.FixedTimeEquals(known, mac))
        {
            return true;
        }

        if (!await base.ValidateClientSecretAsync(secret, comparand, cancellationToken))
        {
            return false;
        }

        if (Verified.Count < MaxEntries)
        {
            Verified[comparand] = mac;
        }

        return true;
    }
}
