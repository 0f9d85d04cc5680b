using Identity.Tokens.Results;
using Identity.Tokens.SdJwtVc;
using Identity.Tokens.StatusList;
using Identity.Verifier.Http;
using Identity.Verifier.SdJwtVc;
using Identity.Verifier.StatusList;
using Identity.Verifier.Trust;

namespace Identity.Verifier;

/// <summary>
/// Verifies an SD-JWT VC presentation in one call: issuer trust and signature, disclosures, holder key binding
/// (nonce, audience, freshness), credential type, required claims and status list. Never throws on bad input:
/// every refusal is a <see cref="VerificationResult"/> with one of <see cref="VerifierErrorCodes"/>.
/// Thread-safe; create one per application (it caches issuer keys and status lists).
/// </summary>
/// <example>
/// <code>
/// var options = new AttestationVerifierOptions();
/// options.TrustedIssuers.Add(new TrustedIssuer("https://issuer.example.gouv.qc.ca"));
/// var verifier = new AttestationVerifier(options);
///
/// VerificationResult result = await verifier.VerifyAsync(presentation, new VerificationOptions
/// {
///     Audience = "redirect_uri:https://rp.example.ca/vp/response",
///     Nonce = nonce,
///     RequiredClaims = { "age_over_18" },
/// });
/// if (result.IsValid &amp;&amp; result.Claims["age_over_18"].GetBoolean()) { /* ... */ }
/// else Console.WriteLine(result.Error?.Code); // for example KB_JWT_NONCE_MISMATCH
/// </code>
/// </example>
public sealed class AttestationVerifier
{
    /// <summary>
    /// The client of every verifier created without one: one connection pool for the process, however many verifiers an
    /// application builds (a client per instance would leak pools). Its handler recycles connections every 5 minutes, so DNS
    /// changes are seen, and follows no redirect by itself.
    /// </summary>
    internal static readonly HttpClient SharedHttpClient = new(SafeFetcher.CreateDefaultHandler());

    private readonly AttestationVerifierOptions _options;
    private readonly PresentationVerifier _presentations;
    private readonly StatusListClient _statusLists;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">Trusted issuers, trust anchors and limits. Validated here: a misconfiguration throws <see cref="ArgumentException"/>.</param>
    /// <param name="httpClient">
    /// Client for metadata, JWKS and status list requests. It should not follow redirects automatically
    /// (the verifier handles at most one same-host redirect itself and refuses any other). When null, every such verifier
    /// uses one process-wide client with automatic redirects disabled. With ASP.NET Core, <c>AddAttestationVerifier</c>
    /// gives it a client from <c>IHttpClientFactory</c>.
    /// </param>
    /// <param name="timeProvider">Clock for every time check and cache expiry; <see cref="TimeProvider.System"/> when null.</param>
    public AttestationVerifier(AttestationVerifierOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid AttestationVerifierOptions: " + string.Join(" ", problems), nameof(options));
        }

        _options = options;
        var clock = timeProvider ?? TimeProvider.System;
        HttpClient = httpClient ?? SharedHttpClient;
        var fetcher = new SafeFetcher(HttpClient, options);
        var keys = new TrustedKeyResolver(options, new IssuerMetadataClient(fetcher), new X5cChainValidator(options, clock), clock);
        _presentations = new PresentationVerifier(options, keys, clock);
        _statusLists = new StatusListClient(options, fetcher, keys, clock);
    }

    /// <summary>The client this verifier fetches with (the caller's, or <see cref="SharedHttpClient"/>).</summary>
    internal HttpClient HttpClient { get; }

    /// <summary>Verifies <paramref name="presentation"/> (<c>issuer-jwt~disclosure~...~kb-jwt</c>) against <paramref name="expected"/>.</summary>
    /// <returns>A valid result with the issuer, type, disclosed claims, status and holder key; or an error with a stable code.</returns>
    public async Task<VerificationResult> VerifyAsync(string presentation, VerificationOptions expected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (string.IsNullOrEmpty(expected.Audience) || string.IsNullOrEmpty(expected.Nonce))
        {
            throw new ArgumentException("VerificationOptions.Audience and Nonce are required: set them to the client_id and the nonce of your request.", nameof(expected));
        }

        if (expected.ClockSkew < TimeSpan.Zero || expected.ClockSkew > TimeSpan.FromMinutes(5) || expected.MaxKeyBindingAge <= TimeSpan.Zero)
        {
            throw new ArgumentException("VerificationOptions.ClockSkew must be 0–5 minutes and MaxKeyBindingAge positive.", nameof(expected));
        }

        var credential = await _presentations.VerifyAsync(presentation, expected, cancellationToken).ConfigureAwait(false);
        if (!credential.IsSuccess)
        {
            return VerificationResult.Failure(credential.Error);
        }

        return await CheckStatusAsync(credential.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>draft-ietf-oauth-status-list §7.1: 0x00 valid, 0x01 invalid (revoked), 0x02 suspended; any other value is refused.</summary>
    private async Task<VerificationResult> CheckStatusAsync(SdJwtVcCredential credential, CancellationToken cancellationToken)
    {
        if (credential.Status is null)
        {
            return _options.RequireStatus
                ? VerificationResult.Failure(new TokenError(VerifierErrorCodes.StatusMissing, "The credential has no status list entry.", "invalid_credential"))
                : VerificationResult.Success(credential, CredentialStatus.NotChecked);
        }

        var status = await _statusLists.GetStatusAsync(credential.Issuer, credential.Status, cancellationToken).ConfigureAwait(false);
        if (!status.IsSuccess)
        {
            return VerificationResult.Failure(status.Error);
        }

        return status.Value switch
        {
            StatusTypes.Valid => VerificationResult.Success(credential, CredentialStatus.Valid),
            StatusTypes.Invalid => VerificationResult.Failure(new TokenError(VerifierErrorCodes.StatusRevoked, "The credential has been revoked.", "invalid_credential")),
            StatusTypes.Suspended => VerificationResult.Failure(new TokenError(VerifierErrorCodes.StatusSuspended, "The credential is suspended.", "invalid_credential")),
            _ => VerificationResult.Failure(new TokenError(VerifierErrorCodes.StatusUnknownValue, "The credential status value is not understood.", "invalid_credential", $"value {status.Value}")),
        };
    }
}
