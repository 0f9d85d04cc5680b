using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Identity.Issuer.Configuration;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Issuer.Oidc;

/// <summary>
/// Process-wide snapshots of client registrations, by client_id and by database id, so that the token endpoint does not query the
/// database for the client on every request. A snapshot is shared by every request that finds it and is never attached to a database
/// context, so nothing changes it: <see cref="CachingApplicationManager"/> updates and deletes a copy instead (<see cref="IsSnapshot"/>).
/// Changes made through the application manager in this process evict the entry at once (<see cref="SharedApplicationCache"/>);
/// changes made by another process are seen when the entry expires, after <see cref="IssuerOptions.ClientCacheLifetime"/>. Unknown
/// clients are not remembered, so a new client works at once.
/// </summary>
internal sealed class ClientRegistrationCache(TimeProvider time, IOptions<IssuerOptions> options)
{
    // Bounds memory if a deployment has very many clients; past it, lookups simply go to the database.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _byClientId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<OpenIddictEntityFrameworkCoreApplication, object> _snapshots = new();
    private readonly TimeSpan _lifetime = options.Value.ClientCacheLifetime;
    private long _generation;

    public bool Enabled => _lifetime > TimeSpan.Zero;

    /// <summary>Changes on every removal: a snapshot read from the database before a change must not be added after it.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public OpenIddictEntityFrameworkCoreApplication? FindByClientId(string clientId) => Find(_byClientId, clientId);

    public OpenIddictEntityFrameworkCoreApplication? FindById(string id) => Find(_byId, id);

    /// <summary>Whether <paramref name="application"/> is a shared snapshot handed out by this cache (to be copied before any change).</summary>
    public bool IsSnapshot(OpenIddictEntityFrameworkCoreApplication application) => _snapshots.TryGetValue(application, out _);

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

            var snapshot = Copy(application);
            _snapshots.AddOrUpdate(snapshot, this);
            var entry = new Entry(snapshot, time.GetUtcNow() + _lifetime);
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
    public static OpenIddictEntityFrameworkCoreApplication Copy(OpenIddictEntityFrameworkCoreApplication source)
    {
        var copy = new OpenIddictEntityFrameworkCoreApplication();
        CopyColumns(source, copy);
        return copy;
    }

    /// <summary>Sets every stored column of <paramref name="target"/> to the value it has in <paramref name="source"/>.</summary>
    public static void CopyColumns(OpenIddictEntityFrameworkCoreApplication source, OpenIddictEntityFrameworkCoreApplication target)
    {
        target.Id = source.Id;
        target.ApplicationType = source.ApplicationType;
        target.ClientId = source.ClientId;
        target.ClientSecret = source.ClientSecret;
        target.ClientType = source.ClientType;
        target.ConcurrencyToken = source.ConcurrencyToken;
        target.ConsentType = source.ConsentType;
        target.DisplayName = source.DisplayName;
        target.DisplayNames = source.DisplayNames;
        target.JsonWebKeySet = source.JsonWebKeySet;
        target.Permissions = source.Permissions;
        target.PostLogoutRedirectUris = source.PostLogoutRedirectUris;
        target.Properties = source.Properties;
        target.RedirectUris = source.RedirectUris;
        target.Requirements = source.Requirements;
        target.Settings = source.Settings;
    }

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

        return entry.Application;
    }

    private sealed record Entry(OpenIddictEntityFrameworkCoreApplication Application, DateTimeOffset Expires);
}
