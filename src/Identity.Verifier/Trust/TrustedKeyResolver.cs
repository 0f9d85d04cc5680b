using System.Collections.Concurrent;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Trust;

/// <summary>
/// Decides whether an issuer is trusted and returns its verification keys. Order: configured trusted issuers
/// (x5c chain to an anchor, configured JWKS, JWT VC Issuer Metadata), then the pluggable trust sources.
/// An issuer none of them knows is refused before any network request, and a key carried in a header
/// (<c>jwk</c>, <c>jku</c>, <c>x5u</c>, or <c>x5c</c> without an anchor) is never used by itself.
/// </summary>
internal sealed class TrustedKeyResolver(
    AttestationVerifierOptions options,
    IssuerMetadataClient metadata,
    X5cChainValidator x5cValidator,
    TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, (IReadOnlyList<SecurityKey> Keys, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<TokenResult<IReadOnlyList<SecurityKey>>> ResolveAsync(string issuer, IReadOnlyList<string>? x5c, CancellationToken cancellationToken)
    {
        var configured = options.TrustedIssuers.FirstOrDefault(t => string.Equals(t.Issuer, issuer, StringComparison.Ordinal));
        if (configured is null)
        {
            return await FromTrustSourcesAsync(issuer, cancellationToken).ConfigureAwait(false);
        }

        // An x5c chain is only a key source when the relying party configured anchors and allows it for this issuer;
        // a chain that is present but does not validate is refused rather than silently ignored.
        if (x5c is { Count: > 0 } && configured.KeySources.HasFlag(IssuerKeySources.X5c) && options.TrustAnchors.Count > 0)
        {
            var leafKey = x5cValidator.Validate(x5c, issuer);
            return leafKey.IsSuccess
                ? TokenResult<IReadOnlyList<SecurityKey>>.Success([leafKey.Value])
                : TokenResult<IReadOnlyList<SecurityKey>>.Failure(leafKey.Error);
        }

        var keys = new List<SecurityKey>();
        if (configured.KeySources.HasFlag(IssuerKeySources.Jwks) && configured.Jwks is not null)
        {
            keys.AddRange(ToSecurityKeys(configured.Jwks.Keys));
        }

        if (configured.KeySources.HasFlag(IssuerKeySources.Metadata))
        {
            var fetched = await FromMetadataAsync(issuer, cancellationToken).ConfigureAwait(false);
            if (!fetched.IsSuccess && keys.Count == 0)
            {
                return fetched;
            }

            if (fetched.IsSuccess)
            {
                keys.AddRange(fetched.Value);
            }
        }

        return keys.Count > 0
            ? TokenResult<IReadOnlyList<SecurityKey>>.Success(keys)
            : TokenResult<IReadOnlyList<SecurityKey>>.Failure(VerifierErrorCodes.IssuerKeyUnavailable,
                "No key of the trusted issuer is available.", "invalid_credential", "no key source produced a key");
    }

    private async ValueTask<TokenResult<IReadOnlyList<SecurityKey>>> FromMetadataAsync(string issuer, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(issuer, out var cached) && cached.Expires > now)
        {
            return TokenResult<IReadOnlyList<SecurityKey>>.Success(cached.Keys);
        }

        var jwks = await metadata.GetKeysAsync(issuer, cancellationToken).ConfigureAwait(false);
        if (!jwks.IsSuccess)
        {
            return TokenResult<IReadOnlyList<SecurityKey>>.Failure(jwks.Error);
        }

        var keys = ToSecurityKeys(jwks.Value);
        if (keys.Count == 0)
        {
            return TokenResult<IReadOnlyList<SecurityKey>>.Failure(VerifierErrorCodes.IssuerKeyUnavailable,
                "The issuer publishes no supported key.", "invalid_credential", "no supported key type");
        }

        _cache[issuer] = (keys, now + options.IssuerKeyCacheDuration);
        return TokenResult<IReadOnlyList<SecurityKey>>.Success(keys);
    }

    private async ValueTask<TokenResult<IReadOnlyList<SecurityKey>>> FromTrustSourcesAsync(string issuer, CancellationToken cancellationToken)
    {
        foreach (var source in options.TrustSources)
        {
            var jwks = await source.GetIssuerKeysAsync(issuer, cancellationToken).ConfigureAwait(false);
            if (jwks is null)
            {
                continue;
            }

            var keys = ToSecurityKeys(jwks);
            return keys.Count > 0
                ? TokenResult<IReadOnlyList<SecurityKey>>.Success(keys)
                : TokenResult<IReadOnlyList<SecurityKey>>.Failure(VerifierErrorCodes.IssuerKeyUnavailable,
                    "The trust source returned no supported key for the issuer.", "invalid_credential", source.GetType().Name);
        }

        return TokenResult<IReadOnlyList<SecurityKey>>.Failure(VerifierErrorCodes.IssuerUntrusted,
            "The issuer is not trusted by this relying party.", "invalid_credential", "issuer not configured");
    }

    internal static List<SecurityKey> ToSecurityKeys(IEnumerable<JsonWebKey> jwks)
    {
        var keys = new List<SecurityKey>();
        foreach (var jwk in jwks)
        {
            if (string.IsNullOrEmpty(jwk.D) && JwkKeys.TryCreateSecurityKey(jwk, out var key) && key is not null)
            {
                keys.Add(key);
            }
        }

        return keys;
    }
}
