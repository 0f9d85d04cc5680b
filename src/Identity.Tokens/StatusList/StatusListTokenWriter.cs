using Identity.Tokens.Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.StatusList;

/// <summary>Creates status list tokens in JWT format (draft-ietf-oauth-status-list-20 §5.1) through <see cref="JsonWebTokenHandler"/>.</summary>
public static class StatusListTokenWriter
{
    /// <summary>
    /// Compresses <paramref name="list"/> and signs a <c>statuslist+jwt</c> with claims <c>sub</c>, <c>iat</c>
    /// (from <paramref name="timeProvider"/>), optional <c>exp</c>, <c>ttl</c> and <c>iss</c>, and <c>status_list</c> {bits, lst}.
    /// The key's <c>kid</c> goes into the header.
    /// </summary>
    /// <exception cref="ArgumentException">Misconfiguration: URI not absolute https, non-positive lifetime or ttl, unsupported key or algorithm.</exception>
    public static string Create(TokenStatusList list, StatusListTokenDescriptor descriptor, SecurityKey signingKey, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!StatusReference.IsValidUri(descriptor.Uri, descriptor.AllowLoopbackHttp))
        {
            throw new ArgumentException(
                descriptor.AllowLoopbackHttp ? "The status list URI must be an absolute https URI, or http on a loopback host." : "The status list URI must be an absolute https URI.",
                nameof(descriptor));
        }

        if (descriptor.Lifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("Lifetime must be positive.", nameof(descriptor));
        }

        // §5.1: ttl MUST be a positive number (of seconds).
        if (descriptor.TimeToLive is { } ttl && (long)ttl.TotalSeconds <= 0)
        {
            throw new ArgumentException("TimeToLive must be at least one second.", nameof(descriptor));
        }

        if (descriptor.CompressionLevel is < 1 or > 9)
        {
            throw new ArgumentException("CompressionLevel must be 1 to 9.", nameof(descriptor));
        }

        var algorithm = descriptor.Algorithm ?? JoseAlgorithms.ForKey(signingKey);
        if (!JoseAlgorithms.IsSupported(algorithm))
        {
            throw new ArgumentException($"Algorithm '{algorithm}' is not supported.", nameof(descriptor));
        }

        var issuedAt = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["sub"] = descriptor.Uri,
            ["iat"] = issuedAt,
            ["status_list"] = new Dictionary<string, object> { ["bits"] = list.Bits, ["lst"] = list.Encode(descriptor.CompressionLevel) },
        };
        if (descriptor.Issuer is not null)
        {
            claims["iss"] = descriptor.Issuer;
        }

        if (descriptor.Lifetime is { } validFor)
        {
            claims["exp"] = issuedAt + (long)Math.Ceiling(validFor.TotalSeconds);
        }

        if (descriptor.TimeToLive is { } cacheFor)
        {
            claims["ttl"] = (long)cacheFor.TotalSeconds;
        }

        // Times come from the TimeProvider above, never from the handler's clock.
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = StatusListToken.JwtType,
            Claims = claims,
            SigningCredentials = new SigningCredentials(signingKey, algorithm),
        });
    }
}
