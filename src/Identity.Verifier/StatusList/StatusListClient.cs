using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Identity.Tokens.Results;
using Identity.Verifier.Http;
using Identity.Verifier.Jose;
using Identity.Verifier.SdJwtVc;
using Identity.Verifier.Trust;

namespace Identity.Verifier.StatusList;

/// <summary>
/// Resolves a credential's status (draft-ietf-oauth-status-list §8): fetches the status list token from
/// <c>status_list.uri</c>, verifies it with the same issuer trust as the credential, caches it until the sooner of
/// its <c>ttl</c>, its <c>exp</c> and the configured maximum, and fails closed (<c>STATUS_UNAVAILABLE</c>) when it
/// cannot be refreshed after that.
/// </summary>
internal sealed class StatusListClient(
    AttestationVerifierOptions options,
    SafeFetcher fetcher,
    TrustedKeyResolver keys,
    TimeProvider timeProvider)
{
    private const int MaxDecodedBytes = 16 * 1024 * 1024;
    private static readonly string[] MediaTypes = ["application/statuslist+jwt"];

    private readonly ConcurrentDictionary<(string Issuer, string Uri), CachedList> _cache = new();

    public async ValueTask<TokenResult<int>> GetStatusAsync(string issuer, StatusReference reference, CancellationToken cancellationToken)
    {
        var key = (issuer, reference.Uri.AbsoluteUri);
        var now = timeProvider.GetUtcNow();
        if (!_cache.TryGetValue(key, out var cached) || cached.Expires <= now)
        {
            _cache.TryRemove(key, out _);
            var fetched = await FetchAsync(issuer, reference.Uri, cancellationToken).ConfigureAwait(false);
            if (!fetched.IsSuccess)
            {
                return fetched.Error.Code == VerifierErrorCodes.StatusInvalid
                    ? fetched.Error
                    : new TokenError(VerifierErrorCodes.StatusUnavailable, "The status list cannot be obtained and no fresh copy is cached.",
                        "invalid_credential", $"{fetched.Error.Code}: {fetched.Error.Detail}");
            }

            cached = fetched.Value;
            _cache[key] = cached;
        }

        return cached.Bits.ValueAt(reference.Index) is { } value
            ? TokenResult<int>.Success(value)
            : TokenResult<int>.Failure(VerifierErrorCodes.StatusInvalid, "The status index is outside the status list.", "invalid_credential");
    }

    private async Task<TokenResult<CachedList>> FetchAsync(string issuer, Uri uri, CancellationToken cancellationToken)
    {
        var document = await fetcher.GetAsync(uri, MediaTypes, cancellationToken).ConfigureAwait(false);
        if (!document.IsSuccess)
        {
            return document.Error;
        }

        var token = CompactJws.TryParse(Encoding.ASCII.GetString(document.Value.Body).Trim());

        // §5.1: typ statuslist+jwt, signed by a key the credential issuer's trust provides.
        if (token is null || token.Type != "statuslist+jwt" || !AlgorithmPolicy.IsAllowed(token.Algorithm, options))
        {
            return Invalid("The status list token is malformed, mistyped or uses a refused algorithm.");
        }

        if (CompactJws.GetString(token.Payload, "iss") is { } tokenIssuer && !string.Equals(tokenIssuer, issuer, StringComparison.Ordinal))
        {
            return Invalid("The status list token comes from another issuer.");
        }

        var issuerKeys = await keys.ResolveAsync(issuer, token.X5c, cancellationToken).ConfigureAwait(false);
        if (!issuerKeys.IsSuccess)
        {
            return issuerKeys.Error;
        }

        if (!token.VerifyWithAny(issuerKeys.Value))
        {
            return Invalid("The status list token signature does not verify with the issuer's keys.");
        }

        // §5.1: sub MUST equal the uri of the Referenced Token's status_list claim; iat is required.
        if (CompactJws.GetString(token.Payload, "sub") != uri.AbsoluteUri && CompactJws.GetString(token.Payload, "sub") != uri.OriginalString)
        {
            return Invalid("The status list token sub is not the status list URI.");
        }

        var now = timeProvider.GetUtcNow();
        if (CompactJws.GetNumericDate(token.Payload, "iat") is null)
        {
            return Invalid("The status list token has no iat.");
        }

        var expires = now + options.StatusListMaxCacheDuration;
        if (CompactJws.GetNumericDate(token.Payload, "exp") is { } exp)
        {
            var expiry = DateTimeOffset.FromUnixTimeSeconds(exp);
            if (expiry <= now)
            {
                return new TokenError(VerifierErrorCodes.StatusUnavailable, "The status list token has expired.", "invalid_credential", "exp in the past");
            }

            expires = expiry < expires ? expiry : expires;
        }

        // §13.1: ttl is how long, from retrieval, the token may be used before fetching a fresh one.
        if (token.Payload.TryGetProperty("ttl", out var ttlElement) && ttlElement.TryGetInt64(out var ttl) && ttl > 0)
        {
            var byTtl = now + TimeSpan.FromSeconds(Math.Min(ttl, int.MaxValue));
            expires = byTtl < expires ? byTtl : expires;
        }

        if (!token.Payload.TryGetProperty("status_list", out var list) || list.ValueKind != JsonValueKind.Object
            || !list.TryGetProperty("bits", out var bitsElement) || !bitsElement.TryGetInt32(out var bits)
            || CompactJws.GetString(list, "lst") is not { } lst)
        {
            return Invalid("The status list token has no status_list with bits and lst.");
        }

        var decoded = StatusListBits.Decode(bits, lst, MaxDecodedBytes);
        return decoded.IsSuccess
            ? TokenResult<CachedList>.Success(new CachedList(decoded.Value, expires))
            : decoded.Error;
    }

    private static TokenResult<CachedList> Invalid(string description) =>
        TokenResult<CachedList>.Failure(VerifierErrorCodes.StatusInvalid, description, "invalid_credential");

    private sealed record CachedList(StatusListBits Bits, DateTimeOffset Expires);
}
