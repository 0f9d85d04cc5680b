using Identity.Verifier.Oid4Vp;
using Microsoft.AspNetCore.Http;

namespace Identity.Verifier.AspNetCore;

/// <summary>Configuration of <see cref="AttestationVerifierServiceCollectionExtensions.AddAttestationVerifier"/>.</summary>
public sealed class AttestationVerifierServiceOptions
{
    /// <summary>Trusted issuers, trust anchors, fetch limits.</summary>
    public AttestationVerifierOptions Verifier { get; } = new();

    /// <summary>Client identifier, response URI and request lifetime for OpenID4VP.</summary>
    public OpenId4VpOptions OpenId4Vp { get; } = new();

    /// <summary>
    /// Called by the response endpoint with every processed response, valid or not. Return an absolute URL to send the
    /// wallet's user back to the relying party (OpenID4VP 1.0 §8.2 <c>redirect_uri</c>), or null. Never log
    /// <see cref="PresentationResponseResult.Credentials"/> claims: they are personal data.
    /// </summary>
    public Func<HttpContext, PresentationResponseResult, ValueTask<Uri?>>? OnResponse { get; set; }

    /// <summary>Largest accepted response body, in bytes. Default 512 KiB.</summary>
    public long MaxResponseBodyBytes { get; set; } = 512 * 1024;
}
