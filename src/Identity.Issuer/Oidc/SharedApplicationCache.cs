using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Issuer.Oidc;

/// <summary>
/// OpenIddict's own application cache lives for one request (it is scoped, with its own MemoryCache), so every token request
/// queried the database for its client. This one reads through <see cref="ClientRegistrationCache"/>, shared by the process, and
/// returns its read-only snapshots as they are (no copy, no database context: the cheapest path for client_credentials). The
/// manager calls <see cref="AddAsync"/> and <see cref="RemoveAsync"/> after it creates, updates or deletes a client: both evict
/// it, and the next lookup reads the database.
/// </summary>
internal sealed class SharedApplicationCache(
    ClientRegistrationCache registrations,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store) : IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication>
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
            ? new(cached)
            : LoadAsync(store.FindByClientIdAsync, identifier, cancellationToken);
    }

    public ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return registrations.FindById(identifier) is { } cached
            ? new(cached)
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
}
