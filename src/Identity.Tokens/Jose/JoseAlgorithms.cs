using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Jose;

/// <summary>JWS algorithm identifiers this project signs and verifies. Anything else is refused.</summary>
public static class JoseAlgorithms
{
    /// <summary>ECDSA with P-256 and SHA-256 (RFC 7518 §3.4). Always supported (HAIP).</summary>
    public const string ES256 = "ES256";

    /// <summary>EdDSA with Ed25519 (RFC 8037), the polymorphic identifier.</summary>
    public const string EdDSA = "EdDSA";

    /// <summary>Ed25519, the fully specified identifier (RFC 9864).</summary>
    public const string Ed25519 = "Ed25519";

    /// <summary>Every algorithm accepted for signatures.</summary>
    public static IReadOnlyList<string> Supported { get; } = [ES256, EdDSA, Ed25519];

    /// <summary>True when <paramref name="alg"/> is one this project accepts. <c>none</c> never is.</summary>
    public static bool IsSupported(string? alg) => alg is ES256 or EdDSA or Ed25519;

    /// <summary>
    /// The algorithm this project signs with for <paramref name="key"/>: <see cref="ES256"/> for a P-256
    /// <see cref="ECDsaSecurityKey"/>, <see cref="Ed25519"/> (the fully specified identifier of RFC 9864) for an
    /// <see cref="Ed25519SecurityKey"/>. Verification accepts <see cref="EdDSA"/> as well.
    /// </summary>
    /// <exception cref="ArgumentException">Any other key type.</exception>
    public static string ForKey(SecurityKey key) => key switch
    {
        Ed25519SecurityKey => Ed25519,
        ECDsaSecurityKey { KeySize: 256 } => ES256,
        _ => throw new ArgumentException($"No supported signature algorithm for {key?.GetType().Name}.", nameof(key)),
    };
}
