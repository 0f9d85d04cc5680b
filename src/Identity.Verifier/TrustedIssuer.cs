using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier;

/// <summary>Where the keys of a trusted issuer may come from. A key carried in a token header is never trusted by itself.</summary>
[Flags]
public enum IssuerKeySources
{
    /// <summary>JWT VC Issuer Metadata at <c>/.well-known/jwt-vc-issuer</c> (draft-ietf-oauth-sd-jwt-vc §5), with <c>jwks</c> or <c>jwks_uri</c>.</summary>
    Metadata = 1,

    /// <summary>An <c>x5c</c> header chain that validates to a configured trust anchor and whose leaf names the issuer.</summary>
    X5c = 2,

    /// <summary>Keys configured in <see cref="TrustedIssuer.Jwks"/> (offline verification, tests, the CLI).</summary>
    Jwks = 4,
}

/// <summary>An issuer whose credentials this relying party accepts, and how its keys are resolved.</summary>
/// <param name="Issuer">The exact <c>iss</c> value of the issuer's credentials (an https URL).</param>
public sealed record TrustedIssuer(string Issuer)
{
    /// <summary>Permitted key sources. Default: issuer metadata or an <c>x5c</c> chain to a trust anchor.</summary>
    public IssuerKeySources KeySources { get; init; } = IssuerKeySources.Metadata | IssuerKeySources.X5c;

    /// <summary>Configured public keys, used when <see cref="KeySources"/> includes <see cref="IssuerKeySources.Jwks"/>.</summary>
    public JsonWebKeySet? Jwks { get; init; }

    /// <summary>Creates a trusted issuer verified with configured keys only (no fetch).</summary>
    public static TrustedIssuer WithKeys(string issuer, JsonWebKeySet jwks) =>
        new(issuer) { KeySources = IssuerKeySources.Jwks, Jwks = jwks ?? throw new ArgumentNullException(nameof(jwks)) };
}
