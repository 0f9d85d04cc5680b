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
/// Clients found through <see cref="SharedApplicationCache"/> are snapshots shared by concurrent requests: updates and deletes
/// work on a copy, so a change never shows half-done to another request.
/// </summary>
internal sealed class CachingApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    ClientRegistrationCache registrations)
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

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default)
        => await base.UpdateAsync(await WritableAsync(application, carryChanges: true, cancellationToken), cancellationToken);

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreApplication application, string? secret, CancellationToken cancellationToken = default)
        => await base.UpdateAsync(await WritableAsync(application, carryChanges: false, cancellationToken), secret, cancellationToken);

    public override async ValueTask UpdateAsync(
        OpenIddictEntityFrameworkCoreApplication application, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken = default)
        => await base.UpdateAsync(await WritableAsync(application, carryChanges: false, cancellationToken), descriptor, cancellationToken);

    public override async ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default)
        => await base.DeleteAsync(await WritableAsync(application, carryChanges: false, cancellationToken), cancellationToken);

    /// <summary>
    /// The instance this request's database context tracks for <paramref name="application"/>: a shared snapshot is swapped for it
    /// (OpenIddict's validation before an update loads that instance, and a context tracks one instance per key). When the caller
    /// changed the snapshot itself before calling <c>UpdateAsync(application)</c>, its values are carried over.
    /// </summary>
    private async ValueTask<OpenIddictEntityFrameworkCoreApplication> WritableAsync(
        OpenIddictEntityFrameworkCoreApplication application, bool carryChanges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (!registrations.IsSnapshot(application) || application.Id is null)
        {
            return application;
        }

        // Gone from the database: the copy makes the update fail with OpenIddict's concurrency error, as the original would have.
        if (await Store.FindByIdAsync(application.Id, cancellationToken) is not { } tracked)
        {
            return ClientRegistrationCache.Copy(application);
        }

        if (carryChanges)
        {
            ClientRegistrationCache.CopyColumns(application, tracked);
        }

        return tracked;
    }
}
