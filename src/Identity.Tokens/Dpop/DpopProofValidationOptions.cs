using Identity.Tokens.Jose;

namespace Identity.Tokens.Dpop;

/// <summary>
/// What a DPoP proof must satisfy besides the request it was sent with. The defaults are the service's policy; there is no option
/// that turns a check off.
/// </summary>
public sealed class DpopProofValidationOptions
{
    /// <summary>The defaults: ES256 and EdDSA, proofs at most 60 seconds old, 60 seconds of clock skew.</summary>
    public static DpopProofValidationOptions Default { get; } = new();

    /// <summary>
    /// Accepted <c>alg</c> values (RFC 9449 §4.3 check 5), also advertised as <c>dpop_signing_alg_values_supported</c> (§5.1).
    /// Only asymmetric algorithms this project verifies can be listed; <c>none</c> and MACs are refused whatever is listed.
    /// </summary>
    public IReadOnlyList<string> AllowedAlgorithms { get; init; } = [JoseAlgorithms.ES256, JoseAlgorithms.EdDSA];

    /// <summary>How old a proof's <c>iat</c> may be (§4.3 check 11, §11.1): short, since no server nonce limits it.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Tolerated clock difference with the client, both ways.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest proof accepted, in characters.</summary>
    public int MaxProofLength { get; init; } = 4 * 1024;

    /// <summary>Until when a proof issued at <paramref name="issuedAt"/> could still be accepted: how long its <c>jti</c> must be remembered.</summary>
    public DateTimeOffset AcceptedUntil(DateTimeOffset issuedAt) => issuedAt + MaxAge + ClockSkew;
}

/// <summary>The HTTP request a DPoP proof was received with (RFC 9449 §4.3 checks 8, 9 and 12).</summary>
/// <param name="Method">The request's HTTP method, compared with <c>htm</c>.</param>
/// <param name="Uri">The request's absolute URI, compared with <c>htu</c> without query and fragment.</param>
/// <param name="AccessToken">The access token presented with the proof at a resource, whose hash must be <c>ath</c>; null at the token endpoint.</param>
public sealed record DpopRequest(string Method, Uri Uri, string? AccessToken = null);

/// <summary>A verified DPoP proof.</summary>
/// <param name="Thumbprint">The RFC 7638 SHA-256 thumbprint of the proof key: <c>cnf.jkt</c> (§6.1).</param>
/// <param name="JwtId">The proof's <c>jti</c>, to be used once (§11.1).</param>
/// <param name="IssuedAt">The proof's <c>iat</c>.</param>
public sealed record DpopProof(string Thumbprint, string JwtId, DateTimeOffset IssuedAt);
