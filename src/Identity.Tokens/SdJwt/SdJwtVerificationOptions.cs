using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwt;

/// <summary>What a key resolver gets to pick the issuer keys: read from the unverified JWT, so only use it to look keys up in a trusted source.</summary>
/// <param name="Issuer">The unverified <c>iss</c> claim, if any.</param>
/// <param name="KeyId">The unverified <c>kid</c> header, if any.</param>
/// <param name="Algorithm">The <c>alg</c> header, already checked against the supported list.</param>
public sealed record IssuerKeyContext(string? Issuer, string? KeyId, string Algorithm);

/// <summary>Resolves the keys trusted for an issuer (from configuration, JWT VC Issuer Metadata, a federation trust chain ...).</summary>
public delegate ValueTask<IReadOnlyCollection<SecurityKey>> IssuerKeyResolver(IssuerKeyContext context, CancellationToken cancellationToken);

/// <summary>What an <see cref="IssuerKeyLookup"/> gets: read from the unverified Issuer-signed JWT, so only use it to look keys up in a trusted source.</summary>
public sealed class IssuerKeyRequest
{
    internal IssuerKeyRequest(string? issuer, string? keyId, string algorithm, JsonElement header)
    {
        Issuer = issuer;
        KeyId = keyId;
        Algorithm = algorithm;
        Header = header;
    }

    /// <summary>The unverified <c>iss</c> claim, if any.</summary>
    public string? Issuer { get; }

    /// <summary>The unverified <c>kid</c> header, if any.</summary>
    public string? KeyId { get; }

    /// <summary>The <c>alg</c> header, already checked against <see cref="SdJwtVerificationOptions.IssuerAlgorithms"/>.</summary>
    public string Algorithm { get; }

    /// <summary>
    /// The whole unverified protected header (a JSON object), for members such as <c>x5c</c> (RFC 7515 §4.1.6) whose
    /// certificate chain the resolver validates against its own trust anchors before using the key.
    /// </summary>
    public JsonElement Header { get; }
}

/// <summary>
/// Resolves the keys trusted for an issuer, or says why there are none with the caller's own error (untrusted issuer,
/// unreachable metadata, bad certificate chain): that error is returned unchanged as the verification result.
/// </summary>
public delegate ValueTask<TokenResult<IReadOnlyCollection<SecurityKey>>> IssuerKeyLookup(IssuerKeyRequest request, CancellationToken cancellationToken);

/// <summary>
/// Verifier policy for an SD-JWT presentation (RFC 9901 §7.1, §7.3). There is no switch that turns a check off: Key Binding is
/// required by default, and a KB-JWT that is present is always verified.
/// </summary>
public class SdJwtVerificationOptions
{
    /// <summary>Keys trusted for the Issuer-signed JWT. Either this or <see cref="IssuerKeyResolver"/>. Keys in the token header are never used.</summary>
    public IReadOnlyCollection<SecurityKey>? IssuerSigningKeys { get; init; }

    /// <summary>Resolves trusted issuer keys; used when <see cref="IssuerSigningKeys"/> is null.</summary>
    public IssuerKeyResolver? IssuerKeyResolver { get; init; }

    /// <summary>
    /// Resolves trusted issuer keys from the unverified header and <c>iss</c>, and may refuse with its own error; used when
    /// <see cref="IssuerSigningKeys"/> and <see cref="IssuerKeyResolver"/> are null.
    /// </summary>
    public IssuerKeyLookup? IssuerKeyLookup { get; init; }

    /// <summary>
    /// Algorithms accepted for the Issuer-signed JWT (RFC 8725 §3.1): a subset of <see cref="JoseAlgorithms.Supported"/>.
    /// Null accepts all of them. Another algorithm fails with <c>SDJWT_ALG_NOT_ALLOWED</c>.
    /// </summary>
    public IReadOnlyCollection<string>? IssuerAlgorithms { get; init; }

    /// <summary>
    /// Algorithms accepted for the Key Binding JWT (RFC 9901 §7.3 step 5.2): a subset of <see cref="JoseAlgorithms.Supported"/>.
    /// Null accepts all of them. Another algorithm fails with <c>KB_JWT_ALG_NOT_ALLOWED</c>.
    /// </summary>
    public IReadOnlyCollection<string>? KeyBindingAlgorithms { get; init; }

    /// <summary>Accepted <c>typ</c> values of the Issuer-signed JWT (§9.11). Null accepts any (plain SD-JWT); SD-JWT VC sets its own.</summary>
    public IReadOnlyCollection<string>? AcceptedTypes { get; init; }

    /// <summary>Whether the presentation must carry a Key Binding JWT (§7.3 step 1, decided by policy, not by the input). Default true.</summary>
    public bool RequireKeyBinding { get; init; } = true;

    /// <summary>The expected <c>aud</c> of the KB-JWT (this verifier's identifier). Required when a KB-JWT is checked.</summary>
    public string? ExpectedAudience { get; init; }

    /// <summary>The expected <c>nonce</c> of the KB-JWT (this transaction's nonce). Required when a KB-JWT is checked.</summary>
    public string? ExpectedNonce { get; init; }

    /// <summary>Maximum age of the KB-JWT <c>iat</c> (§7.3 step 5.5). Default 5 minutes.</summary>
    public TimeSpan KeyBindingMaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Clock skew tolerated on <c>iat</c>, <c>exp</c> and <c>nbf</c>. Default 60 seconds.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Input size limits.</summary>
    public SdJwtLimits Limits { get; init; } = SdJwtLimits.Default;

    internal void Validate()
    {
        if (IssuerSigningKeys is null && IssuerKeyResolver is null && IssuerKeyLookup is null)
        {
            throw new InvalidOperationException("Set IssuerSigningKeys, IssuerKeyResolver or IssuerKeyLookup: the verifier decides which issuer keys it trusts.");
        }

        if (!IsValidAllowList(IssuerAlgorithms) || !IsValidAllowList(KeyBindingAlgorithms))
        {
            throw new InvalidOperationException($"IssuerAlgorithms and KeyBindingAlgorithms must be null or a non-empty subset of {string.Join(", ", JoseAlgorithms.Supported)}.");
        }

        if (RequireKeyBinding && (string.IsNullOrEmpty(ExpectedAudience) || string.IsNullOrEmpty(ExpectedNonce)))
        {
            throw new InvalidOperationException("Key Binding is required: set ExpectedAudience and ExpectedNonce to this verifier's identifier and the transaction nonce.");
        }

        if (KeyBindingMaxAge <= TimeSpan.Zero || ClockSkew < TimeSpan.Zero)
        {
            throw new InvalidOperationException("KeyBindingMaxAge must be positive and ClockSkew not negative.");
        }

        if (Limits is null || Limits.MaxLength <= 0 || Limits.MaxDisclosures < 0 || Limits.MaxDisclosureLength <= 0 || Limits.MaxDepth is < 2 or > 256)
        {
            throw new InvalidOperationException("Limits must be set with positive sizes and a MaxDepth between 2 and 256.");
        }
    }

    /// <summary>The algorithm is supported by this project and, when the caller restricted it, in <paramref name="allowed"/>.</summary>
    internal static bool IsAllowed(string? algorithm, IReadOnlyCollection<string>? allowed)
        => JoseAlgorithms.IsSupported(algorithm) && (allowed is null || allowed.Contains(algorithm!, StringComparer.Ordinal));

    private static bool IsValidAllowList(IReadOnlyCollection<string>? allowed)
        => allowed is null || allowed.Count > 0 && allowed.All(JoseAlgorithms.IsSupported);
}

/// <summary>A verified SD-JWT presentation.</summary>
public sealed class SdJwtVerifiedPresentation
{
    internal SdJwtVerifiedPresentation(JsonObject payload, IReadOnlyList<ClaimPath> disclosedClaims, string algorithm, string? type, SecurityKey? holderKey, DateTimeOffset? keyBindingIssuedAt)
    {
        Payload = payload;
        DisclosedClaims = disclosedClaims;
        Algorithm = algorithm;
        Type = type;
        HolderKey = holderKey;
        KeyBindingIssuedAt = keyBindingIssuedAt;
    }

    /// <summary>The Processed SD-JWT Payload (§7.1): disclosed claims inserted, <c>_sd</c>, <c>_sd_alg</c> and undisclosed digests removed.</summary>
    public JsonObject Payload { get; }

    /// <summary>Paths, in <see cref="Payload"/>, of the claims revealed by a Disclosure. Always-visible claims are not listed.</summary>
    public IReadOnlyList<ClaimPath> DisclosedClaims { get; }

    /// <summary>The <c>alg</c> of the Issuer-signed JWT.</summary>
    public string Algorithm { get; }

    /// <summary>The <c>typ</c> of the Issuer-signed JWT.</summary>
    public string? Type { get; }

    /// <summary>The Holder key from <c>cnf.jwk</c> that signed the KB-JWT; null when no KB-JWT was presented.</summary>
    public SecurityKey? HolderKey { get; }

    /// <summary>The KB-JWT <c>iat</c>; null when no KB-JWT was presented.</summary>
    public DateTimeOffset? KeyBindingIssuedAt { get; }

    /// <summary>True when a Key Binding JWT was presented and verified.</summary>
    public bool IsKeyBound => HolderKey is not null;
}
