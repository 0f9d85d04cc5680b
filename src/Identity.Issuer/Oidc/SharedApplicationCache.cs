using Identity.Issuer.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Issuer.Oidc;

/// <summary>
/// OpenIddict's own application cache lives for one request (it is scoped, with its own MemoryCache), so every token request
/// queried the database for its client. This one reads through <see cref="ClientRegistrationCache"/>, shared by the process.
/// A cached client is attached to the request's database context as unchanged, so that the token entries the request creates
/// find it there instead of loading it again. The manager calls <see cref="AddAsync"/> and <see cref="RemoveAsync"/> after it
/// creates, updates or deletes a client: both evict it, and the next lookup reads the database.
/// </summary>
internal sealed class SharedApplicationCache(
    ClientRegistrationCache registrations,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    IssuerDbContext database) : IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication>
{
    public ValueTask AddAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        registrations.Remove(application);
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        registrations.Remove(application);
        return ValueTask.CompletedTask;
    }

    public ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return registrations.FindByClientId(identifier) is { } cached
            ? new(Track(cached))
            : LoadAsync(store.FindByClientIdAsync, identifier, cancellationToken);
    }

    public ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return registrations.FindById(identifier) is { } cached
            ? new(Track(cached))
            : LoadAsync(store.FindByIdAsync, identifier, cancellationToken);
    }

    // Redirect URI lookups serve the end-session endpoint only: rare enough to read the database each time.
    public IAsyncEnumerable<OpenIddictEntityFrameworkCoreApplication> FindByPostLogoutRedirectUriAsync(
        string uri, CancellationToken cancellationToken)
        => store.FindByPostLogoutRedirectUriAsync(uri, cancellationToken);

    public IAsyncEnumerable<OpenIddictEntityFrameworkCoreApplication> FindByRedirectUriAsync(
        string uri, CancellationToken cancellationToken)
        => store.FindByRedirectUriAsync(uri, cancellationToken);

    private async ValueTask<OpenIddictEntityFrameworkCoreApplication?> LoadAsync(
        Func<string, CancellationToken, ValueTask<OpenIddictEntityFrameworkCoreApplication?>> find, string identifier, CancellationToken cancellationToken)
    {
        var generation = registrations.Generation;
        var application = await find(identifier, cancellationToken);
        if (application is not null)
        {
            registrations.Add(application, generation);
        }

        return application;
    }

    private OpenIddictEntityFrameworkCoreApplication Track(OpenIddictEntityFrameworkCoreApplication copy)
    {
        // One instance per key and context: if this request already loaded the client, keep using that instance.
        if (database.Set<OpenIddictEntityFrameworkCoreApplication>().Local.FindEntry(copy.Id) is { } tracked)
        {
            return tracked.Entity;
        }

        database.Attach(copy);
        return copy;
    }
}
