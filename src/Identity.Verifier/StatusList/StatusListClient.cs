using System.Collections.Concurrent;
using System.Text;
using Identity.Tokens.Results;
using Identity.Tokens.SdJwtVc;
using Identity.Tokens.StatusList;
using Identity.Verifier.Http;
using Identity.Verifier.Jose;
using Identity.Verifier.Trust;

namespace Identity.Verifier.StatusList;

/// <summary>
/// Resolves a credential's status (draft-ietf-oauth-status-list §8.3): fetches the status list token from
/// <c>status_list.uri</c>, validates it with <see cref="StatusListTokenValidator"/> against the keys of the credential's
/// issuer (same trust as the credential), caches it until the sooner of its <c>ttl</c>, its <c>exp</c> and the configured
/// maximum, and fails closed (<c>STATUS_UNAVAILABLE</c>) when it cannot be refreshed after that.
/// </summary>
internal sealed class StatusListClient(
    AttestationVerifierOptions options,
    SafeFetcher fetcher,
    TrustedKeyResolver keys,
    TimeProvider timeProvider)
{
    private static readonly string[] MediaTypes = [StatusListToken.MediaType];

    private readonly ConcurrentDictionary<(string Issuer, string Uri), CachedList> _cache = new();

    public async ValueTask<TokenResult<byte>> GetStatusAsync(string issuer, SdJwtVcStatusReference reference, CancellationToken cancellationToken)
    {
        var key = (issuer, reference.Uri);
        if (!_cache.TryGetValue(key, out var cached) || cached.Expires <= timeProvider.GetUtcNow())
        {
            _cache.TryRemove(key, out _);
            var fetched = await FetchAsync(issuer, reference.Uri, cancellationToken).ConfigureAwait(false);
            if (!fetched.IsSuccess)
            {
                return fetched.Error;
            }

            cached = fetched.Value;
            _cache[key] = cached;
        }

        return cached.Token.GetStatus(reference.Index);
    }

    private async Task<TokenResult<CachedList>> FetchAsync(string issuer, string uri, CancellationToken cancellationToken)
    {
        // HAIP and §6.2: the status list is fetched over https (loopback http only in development, as for every fetch).
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var listUri))
        {
            return Unavailable("The status list URI is not absolute.", "uri");
        }

        var document = await fetcher.GetAsync(listUri, MediaTypes, cancellationToken).ConfigureAwait(false);
        if (!document.IsSuccess)
        {
            return Unavailable("The status list cannot be fetched and no fresh copy is cached.", $"{document.Error.Code}: {document.Error.Detail}");
        }

        var token = Encoding.ASCII.GetString(document.Value.Body).Trim();
        var header = JwsHeader.TryRead(token);

        // The list must be signed with the credential issuer's keys, resolved with the same trust (x5c of the list's own header).
        var issuerKeys = await keys.ResolveAsync(issuer, header?.X5c, cancellationToken).ConfigureAwait(false);
        if (!issuerKeys.IsSuccess)
        {
            return Unavailable("The keys to check the status list cannot be obtained.", $"{issuerKeys.Error.Code}: {issuerKeys.Error.Detail}");
        }

        var validated = await StatusListTokenValidator.ValidateAsync(token, uri, issuerKeys.Value, new StatusListTokenValidationOptions
        {
            TimeProvider = timeProvider,
            MaxTokenLength = options.MaxResponseBytes,
            AllowedAlgorithms = [.. options.AllowedAlgorithms],
        }).ConfigureAwait(false);
        if (!validated.IsSuccess)
        {
            return validated.Error;
        }

        if (validated.Value.Issuer is { } listIssuer && !string.Equals(listIssuer, issuer, StringComparison.Ordinal))
        {
            return TokenResult<CachedList>.Failure(StatusListErrorCodes.Malformed, "The status list token comes from another issuer.", "invalid_credential");
        }

        // §13.7: ttl is how long the token may be reused from retrieval; exp bounds it too; our own maximum bounds both.
        var now = timeProvider.GetUtcNow();
        var expires = now + options.StatusListMaxCacheDuration;
        if (validated.Value.TimeToLive is { } ttl && now + ttl < expires)
        {
            expires = now + ttl;
        }

        if (validated.Value.ExpiresAt is { } exp && exp < expires)
        {
            expires = exp;
        }

        return TokenResult<CachedList>.Success(new CachedList(validated.Value, expires));
    }

    private static TokenResult<CachedList> Unavailable(string description, string detail) =>
        TokenResult<CachedList>.Failure(VerifierErrorCodes.StatusUnavailable, description, "invalid_credential", detail);

    private sealed record CachedList(StatusListToken Token, DateTimeOffset Expires);
}
