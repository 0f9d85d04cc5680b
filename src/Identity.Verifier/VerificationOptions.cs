namespace Identity.Verifier;

/// <summary>What one presentation must satisfy: its audience and nonce binding, accepted types and required claims.</summary>
/// <example>
/// <code>
/// var result = await verifier.VerifyAsync(presentation, new VerificationOptions
/// {
///     Audience = "x509_san_dns:rp.example.ca",
///     Nonce = nonce,
///     AcceptedVcts = { "https://credentials.example.gouv.qc.ca/identity" },
///     RequiredClaims = { "age_over_18" },
/// });
/// </code>
/// </example>
public sealed class VerificationOptions
{
    /// <summary>Expected Key Binding JWT <c>aud</c>: the relying party's client identifier. Required.</summary>
    public required string Audience { get; init; }

    /// <summary>Expected Key Binding JWT <c>nonce</c>, the fresh value sent in the request. Required.</summary>
    public required string Nonce { get; init; }

    /// <summary>Accepted credential types (<c>vct</c>). Empty accepts any type from a trusted issuer.</summary>
    public ISet<string> AcceptedVcts { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Top-level claim names that must have been disclosed (for example <c>age_over_18</c>).</summary>
    public ISet<string> RequiredClaims { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Tolerance for clock differences on <c>exp</c>, <c>nbf</c> and <c>iat</c>. Default 60 seconds, at most 5 minutes.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Oldest accepted Key Binding JWT, measured from its <c>iat</c>. Default 5 minutes.</summary>
    public TimeSpan MaxKeyBindingAge { get; init; } = TimeSpan.FromMinutes(5);
}
