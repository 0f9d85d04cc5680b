using System.Collections.Concurrent;
using Identity.Issuer.Configuration;
using Identity.Issuer.Data;
using Identity.Tokens.StatusList;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.StatusLists;

/// <summary>
/// Signs status list tokens (draft-ietf-oauth-status-list-20 §5.1) and keeps the last one per list. A token is re-signed when
/// the list's version changed (a revocation on any replica) or at half its lifetime; otherwise the cached token is served,
/// so a read costs one small query. zlib level 6 keeps a 1M-entry re-sign far under 100 ms (docs/performance.md).
/// </summary>
internal sealed class StatusListTokenService(
    IServiceScopeFactory scopes,
    IStatusListSigningKey signingKey,
    IOptions<StatusListOptions> options,
    IOptions<IssuerOptions> issuer,
    TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Signed> _cache = new(StringComparer.Ordinal);

    /// <summary>The signed token of <paramref name="listId"/>, or null when there is no such list.</summary>
    public async Task<string?> GetAsync(string listId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
        var lists = db.Set<StatusListRecord>().AsNoTracking().Where(l => l.Id == listId);
        var version = await lists.Select(l => (long?)l.Version).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        var settings = options.Value;
        if (_cache.TryGetValue(listId, out var cached) && cached.Version == version && now - cached.SignedAt < settings.TokenLifetime / 2)
        {
            return cached.Token;
        }

        var record = await lists.FirstOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            return null;
        }

        var token = Sign(record);
        _cache[listId] = new Signed(record.Version, now, token);
        return token;
    }

    /// <summary>Signs the token of one list as it is now (also used by the benchmark).</summary>
    public string Sign(StatusListRecord record)
    {
        var settings = options.Value;
        var list = TokenStatusList.FromBytes(record.Bytes, record.Bits);
        var descriptor = new StatusListTokenDescriptor
        {
            // §5.1: sub MUST equal the uri in the referenced tokens' status claim.
            Uri = StatusListUris.For(record.Id, settings, issuer.Value).AbsoluteUri,
            // StatusListUris.For gives http only on a loopback host with Issuer:AllowInsecureHttp (a developer run).
            AllowLoopbackHttp = issuer.Value.AllowInsecureHttp,
            // The credential issuer identifier (and so every credential's iss) carries no trailing slash (Oid4VciUrls).
            Issuer = string.IsNullOrWhiteSpace(issuer.Value.IssuerUri) ? null : issuer.Value.IssuerUri.TrimEnd('/'),
            Lifetime = settings.TokenLifetime,
            TimeToLive = settings.TimeToLive,
            CompressionLevel = settings.CompressionLevel,
        };
        var credentials = signingKey.Credentials;
        return StatusListTokenWriter.Create(list, descriptor, credentials.Key, timeProvider);
    }

    private sealed record Signed(long Version, DateTimeOffset SignedAt, string Token);
}
