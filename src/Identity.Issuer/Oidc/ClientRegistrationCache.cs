using System.Collections.Concurrent;
using Identity.Issuer.Configuration;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Issuer.Oidc;

/// <summary>
/// Process-wide snapshots of client registrations, by client_id and by database id, so that the token endpoint does not query the
/// database for the client on every request. Snapshots are never handed out: each lookup gets its own copy, so a caller that
/// modifies or attaches its copy cannot disturb another request. Changes made through the application manager in this process
/// evict the entry at once (<see cref="SharedApplicationCache"/>); changes made by another process are seen when the entry expires,
/// after <see cref="IssuerOptions.ClientCacheLifetime"/>. Unknown clients are not remembered, so a new client works at once.
/// </summary>
internal sealed class ClientRegistrationCache(TimeProvider time, IOptions<IssuerOptions> options)
{
    // Bounds memory if a deployment has very many clients; past it, lookups simply go to the database.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _byClientId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = options.Value.ClientCacheLifetime;
    private long _generation;

    public bool Enabled => _lifetime > TimeSpan.Zero;

    /// <summary>Changes on every removal: a snapshot read from the database before a change must not be added after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public OpenIddictEntityFrameworkCoreApplication? FindByClientId(string clientId) => Find(_byClientId, clientId);

    public OpenIddictEntityFrameworkCoreApplication? FindById(string id) => Find(_byId, id);

    /// <summary>Remembers a copy of <paramref name="application"/>, read from the database when <see cref="Generation"/> was <paramref name="generation"/>.</summary>
    public void Add(OpenIddictEntityFrameworkCoreApplication application, long generation)
    {
        if (!Enabled || application.ClientId is null || application.Id is null || _byId.Count >= MaxEntries)
        {
            return;
        }

        lock (_byId)
        {
            if (generation != Generation)
            {
                return;
            }

            var entry = new Entry(Copy(application), time.GetUtcNow() + _lifetime);
            _byClientId[application.ClientId] = entry;
            _byId[application.Id] = entry;
        }
    }

    /// <summary>Forgets the client, under both keys and under the keys of the snapshot (the client_id may have been changed).</summary>
    public void Remove(OpenIddictEntityFrameworkCoreApplication application)
    {
        lock (_byId)
        {
            Interlocked.Increment(ref _generation);
            RemoveKeys(application);
        }
    }

    private void RemoveKeys(OpenIddictEntityFrameworkCoreApplication application)
    {
        if (application.Id is not null && _byId.TryRemove(application.Id, out var previous) && previous.Application.ClientId is { } oldClientId)
        {
            _byClientId.TryRemove(oldClientId, out _);
        }

        if (application.ClientId is not null && _byClientId.TryRemove(application.ClientId, out var byClientId) && byClientId.Application.Id is { } oldId)
        {
            _byId.TryRemove(oldId, out _);
        }
    }

    /// <summary>A detached copy of every stored column (navigation collections are left empty: they are loaded per context).</summary>
    public static OpenIddictEntityFrameworkCoreApplication Copy(OpenIddictEntityFrameworkCoreApplication source) => new()
    {
        Id = source.Id,
        ApplicationType = source.ApplicationType,
        ClientId = source.ClientId,
        ClientSecret = source.ClientSecret,
        ClientType = source.ClientType,
        ConcurrencyToken = source.ConcurrencyToken,
        ConsentType = source.ConsentType,
        DisplayName = source.DisplayName,
        DisplayNames = source.DisplayNames,
        JsonWebKeySet = source.JsonWebKeySet,
        Permissions = source.Permissions,
        PostLogoutRedirectUris = source.PostLogoutRedirectUris,
        Properties = source.Properties,
        RedirectUris = source.RedirectUris,
        Requirements = source.Requirements,
        Settings = source.Settings,
    };

    private OpenIddictEntityFrameworkCoreApplication? Find(ConcurrentDictionary<string, Entry> entries, string key)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.Expires <= time.GetUtcNow())
        {
            // Only this exact entry: a fresher one added meanwhile stays.
            entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return null;
        }

        return Copy(entry.Application);
    }

    private sealed record Entry(OpenIddictEntityFrameworkCoreApplication Application, DateTimeOffset Expires);
}
