using System.Security.Cryptography.X509Certificates;
using Identity.Tokens.Jose;

namespace Identity.Verifier;

/// <summary>
/// Verifier-wide configuration: which issuers are trusted and how their keys are found, fetch limits and defaults.
/// Per-call expectations (audience, nonce, accepted types) are in <see cref="VerificationOptions"/>.
/// </summary>
/// <example>
/// <code>
/// var options = new AttestationVerifierOptions();
/// options.TrustedIssuers.Add(new TrustedIssuer("https://issuer.example.gouv.qc.ca"));
/// var verifier = new AttestationVerifier(options);
/// </code>
/// </example>
public sealed class AttestationVerifierOptions
{
    /// <summary>
    /// Issuers whose credentials are accepted. An issuer absent from this list (and unknown to every
    /// <see cref="TrustSources"/> entry) is refused with <c>ISSUER_UNTRUSTED</c> before anything is fetched.
    /// </summary>
    public IList<TrustedIssuer> TrustedIssuers { get; } = [];

    /// <summary>
    /// Root certificates that an <c>x5c</c> header chain must validate to. By default revocation of these chains is not
    /// checked (see <see cref="X5cRevocationMode"/>); rely on short-lived leaf certificates and the credential status list.
    /// </summary>
    public X509Certificate2Collection TrustAnchors { get; } = [];

    /// <summary>
    /// Revocation checking of <c>x5c</c> chains. Default <see cref="X509RevocationMode.NoCheck"/>: no CRL or OCSP request is made.
    /// <see cref="X509RevocationMode.Online"/> lets the platform fetch CRL/OCSP from the certificates' own URLs (outside
    /// this SDK's safe fetcher); a chain whose revocation status cannot be established is then refused.
    /// </summary>
    public X509RevocationMode X5cRevocationMode { get; set; } = X509RevocationMode.NoCheck;

    /// <summary>Additional trust sources consulted, in order, for issuers that are not in <see cref="TrustedIssuers"/>.</summary>
    public IList<IIssuerTrustSource> TrustSources { get; } = [];

    /// <summary>JWS algorithms accepted for issuer, key binding and status list signatures. <c>none</c> is never accepted.</summary>
    public IList<string> AllowedAlgorithms { get; } = [.. JoseAlgorithms.Supported];

    /// <summary>
    /// Development only: allow plain <c>http</c> to loopback addresses (127.0.0.0/8, ::1, localhost).
    /// Never enable in production; https is required otherwise.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>Time allowed for one HTTP fetch (metadata, JWKS, status list). Default 10 seconds.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest accepted HTTP response body, in bytes. Default 1 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest accepted presentation, in characters. Default 64 KiB.</summary>
    public int MaxPresentationLength { get; set; } = 64 * 1024;

    /// <summary>How long fetched issuer metadata and keys are reused before being fetched again. Default 10 minutes.</summary>
    public TimeSpan IssuerKeyCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Longest time a status list token is cached when it has neither <c>ttl</c> nor <c>exp</c>. Default 5 minutes.
    /// A token's own <c>ttl</c>/<c>exp</c> always wins when sooner.
    /// </summary>
    public TimeSpan StatusListMaxCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When true (default, as HAIP requires), a credential without a <c>status</c> claim is refused with <c>STATUS_MISSING</c>.</summary>
    public bool RequireStatus { get; set; } = true;

    /// <summary>
    /// Returns the configuration problems, each saying how to fix it; empty when the options are usable.
    /// The ASP.NET Core integration runs this at startup.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (TrustedIssuers.Count == 0 && TrustSources.Count == 0)
        {
            problems.Add("No issuer is trusted: add a TrustedIssuer(\"https://issuer...\") or an IIssuerTrustSource.");
        }

        foreach (var issuer in TrustedIssuers)
        {
            if (!Uri.TryCreate(issuer.Issuer, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                problems.Add($"TrustedIssuer '{issuer.Issuer}' is not an absolute https URL: use the exact 'iss' value of its credentials.");
            }

            if (issuer.KeySources.HasFlag(IssuerKeySources.X5c) && TrustAnchors.Count == 0 && issuer.KeySources == IssuerKeySources.X5c)
            {
                problems.Add($"TrustedIssuer '{issuer.Issuer}' only accepts x5c but TrustAnchors is empty: add its root certificate to TrustAnchors.");
            }

            if (issuer.KeySources == IssuerKeySources.Jwks && (issuer.Jwks is null || issuer.Jwks.Keys.Count == 0))
            {
                problems.Add($"TrustedIssuer '{issuer.Issuer}' uses configured keys but has none: set Jwks.");
            }
        }

        if (AllowedAlgorithms.Count == 0 || AllowedAlgorithms.Any(a => !JoseAlgorithms.IsSupported(a)))
        {
            problems.Add($"AllowedAlgorithms must be a non-empty subset of {string.Join(", ", JoseAlgorithms.Supported)}.");
        }

        if (FetchTimeout <= TimeSpan.Zero || FetchTimeout > TimeSpan.FromMinutes(2))
        {
            problems.Add("FetchTimeout must be between 0 and 2 minutes.");
        }

        if (MaxResponseBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add("MaxResponseBytes must be between 1 KiB and 16 MiB.");
        }

        if (MaxPresentationLength is < 256 or > 1024 * 1024)
        {
            problems.Add("MaxPresentationLength must be between 256 and 1,048,576 characters.");
        }

        if (StatusListMaxCacheDuration <= TimeSpan.Zero || IssuerKeyCacheDuration < TimeSpan.Zero)
        {
            problems.Add("StatusListMaxCacheDuration must be positive and IssuerKeyCacheDuration not negative.");
        }

        return problems;
    }
}
