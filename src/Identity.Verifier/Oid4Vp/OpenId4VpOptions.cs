namespace Identity.Verifier.Oid4Vp;

/// <summary>Relying-party settings for OpenID4VP 1.0 requests with <c>direct_post</c>.</summary>
public sealed class OpenId4VpOptions
{
    /// <summary>
    /// The client identifier with its prefix (OpenID4VP 1.0 §5.9), for example <c>x509_san_dns:rp.example.ca</c>.
    /// When null, <c>redirect_uri:</c> followed by <see cref="ResponseUri"/> is used (unsigned requests, §5.9.3).
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The absolute https URL where wallets post responses (the endpoint mapped by <c>MapAttestationResponse</c>).</summary>
    public Uri? ResponseUri { get; set; }

    /// <summary>How long a request may be answered. Default 5 minutes.</summary>
    public TimeSpan RequestLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest accepted <c>vp_token</c>, in characters. Default 256 KiB.</summary>
    public int MaxVpTokenLength { get; set; } = 256 * 1024;

    /// <summary>The effective client identifier.</summary>
    public string EffectiveClientId => ClientId ?? $"redirect_uri:{ResponseUri?.AbsoluteUri}";

    /// <summary>Returns configuration problems, each saying how to fix it.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ResponseUri is null || !ResponseUri.IsAbsoluteUri || ResponseUri.Scheme is not ("https" or "http"))
        {
            problems.Add("OpenId4VpOptions.ResponseUri must be the absolute URL of your response endpoint, e.g. https://rp.example.ca/vp/response.");
        }

        if (RequestLifetime <= TimeSpan.Zero || RequestLifetime > TimeSpan.FromHours(1))
        {
            problems.Add("OpenId4VpOptions.RequestLifetime must be between 0 and 1 hour.");
        }

        if (MaxVpTokenLength is < 1024 or > 4 * 1024 * 1024)
        {
            problems.Add("OpenId4VpOptions.MaxVpTokenLength must be between 1 KiB and 4 MiB.");
        }

        return problems;
    }
}
