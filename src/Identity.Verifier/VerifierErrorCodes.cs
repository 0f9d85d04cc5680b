namespace Identity.Verifier;

/// <summary>
/// Stable codes returned in <see cref="VerificationResult.Error"/>. Each is documented in <c>docs/errors/verifier.md</c>
/// with its meaning and what a relying-party developer should do. Test and branch on these codes, never on message text.
/// </summary>
public static class VerifierErrorCodes
{
    /// <summary>The presentation is empty, too large or not an SD-JWT with a Key Binding JWT.</summary>
    public const string PresentationMalformed = "PRESENTATION_MALFORMED";

    /// <summary>The presentation has no Key Binding JWT; holder binding is always required.</summary>
    public const string KeyBindingMissing = "KB_JWT_MISSING";

    /// <summary>The issuer-signed JWT header or payload cannot be read.</summary>
    public const string IssuerJwtMalformed = "ISSUER_JWT_MALFORMED";

    /// <summary>The issuer-signed JWT has a <c>typ</c> other than <c>dc+sd-jwt</c>.</summary>
    public const string IssuerJwtWrongType = "ISSUER_JWT_WRONG_TYPE";

    /// <summary><c>alg</c> is <c>none</c> or an algorithm outside the accepted list.</summary>
    public const string AlgorithmNotAllowed = "ALG_NOT_ALLOWED";

    /// <summary>The <c>iss</c> is not a configured trusted issuer and no trust source vouches for it.</summary>
    public const string IssuerUntrusted = "ISSUER_UNTRUSTED";

    /// <summary>No key of the trusted issuer could be obtained (metadata, x5c or trust source).</summary>
    public const string IssuerKeyUnavailable = "ISSUER_KEY_UNAVAILABLE";

    /// <summary>The JWT VC Issuer Metadata is malformed or its <c>issuer</c> differs from <c>iss</c>.</summary>
    public const string IssuerMetadataInvalid = "ISSUER_METADATA_INVALID";

    /// <summary>The <c>x5c</c> chain does not validate to a configured trust anchor, or its leaf does not name the issuer.</summary>
    public const string X5cChainInvalid = "X5C_CHAIN_INVALID";

    /// <summary>The issuer signature does not verify with any trusted issuer key.</summary>
    public const string IssuerSignatureInvalid = "ISSUER_SIGNATURE_INVALID";

    /// <summary>The credential is expired (<c>exp</c>) beyond the clock skew.</summary>
    public const string CredentialExpired = "CREDENTIAL_EXPIRED";

    /// <summary>The credential is not valid yet (<c>nbf</c> or <c>iat</c> in the future beyond the clock skew).</summary>
    public const string CredentialNotYetValid = "CREDENTIAL_NOT_YET_VALID";

    /// <summary>A disclosure is malformed, duplicated, not referenced by any digest, or uses a reserved claim name.</summary>
    public const string DisclosureInvalid = "SDJWT_DISCLOSURE_INVALID";

    /// <summary>A disclosure's digest does not appear in the issuer-signed JWT.</summary>
    public const string DigestMismatch = "SDJWT_DIGEST_MISMATCH";

    /// <summary>The <c>_sd_alg</c> is not supported.</summary>
    public const string HashAlgorithmUnsupported = "SDJWT_HASH_ALG_UNSUPPORTED";

    /// <summary>The credential has no usable <c>cnf.jwk</c> holder key.</summary>
    public const string HolderKeyMissing = "CNF_KEY_MISSING";

    /// <summary>The Key Binding JWT is malformed or has a <c>typ</c> other than <c>kb+jwt</c>.</summary>
    public const string KeyBindingMalformed = "KB_JWT_MALFORMED";

    /// <summary>The Key Binding JWT signature does not verify with the holder key in <c>cnf</c>.</summary>
    public const string KeyBindingSignatureInvalid = "KB_JWT_SIGNATURE_INVALID";

    /// <summary>The Key Binding JWT <c>sd_hash</c> does not match the presented SD-JWT.</summary>
    public const string KeyBindingSdHashMismatch = "KB_JWT_SD_HASH_MISMATCH";

    /// <summary>The Key Binding JWT <c>nonce</c> differs from the expected nonce.</summary>
    public const string KeyBindingNonceMismatch = "KB_JWT_NONCE_MISMATCH";

    /// <summary>The Key Binding JWT <c>aud</c> differs from the expected audience.</summary>
    public const string KeyBindingAudienceMismatch = "KB_JWT_AUDIENCE_MISMATCH";

    /// <summary>The Key Binding JWT <c>iat</c> is older than the allowed age or in the future.</summary>
    public const string KeyBindingStale = "KB_JWT_STALE";

    /// <summary>The credential's <c>vct</c> is missing or not one of the accepted types.</summary>
    public const string VctNotAccepted = "VCT_NOT_ACCEPTED";

    /// <summary>A claim the relying party requires was not disclosed.</summary>
    public const string RequiredClaimMissing = "REQUIRED_CLAIM_MISSING";

    /// <summary>The credential has been revoked (status value 0x01).</summary>
    public const string StatusRevoked = "STATUS_REVOKED";

    /// <summary>The credential is suspended (status value 0x02).</summary>
    public const string StatusSuspended = "STATUS_SUSPENDED";

    /// <summary>The status list could not be fetched or verified and no unexpired copy is cached: fail closed.</summary>
    public const string StatusUnavailable = "STATUS_UNAVAILABLE";

    /// <summary>The status list token or the credential's <c>status</c> claim is malformed, or the index is out of range.</summary>
    public const string StatusInvalid = "STATUS_INVALID";

    /// <summary>The credential carries no <c>status</c> claim and the verifier requires one.</summary>
    public const string StatusMissing = "STATUS_MISSING";

    /// <summary>The status value is not one this verifier understands (neither valid, revoked nor suspended).</summary>
    public const string StatusUnknownValue = "STATUS_UNKNOWN_VALUE";

    /// <summary>A URL to fetch is not https (or loopback http in development).</summary>
    public const string FetchInsecureUrl = "FETCH_INSECURE_URL";

    /// <summary>The server answered with a redirect to another host, or more redirects than allowed.</summary>
    public const string FetchRedirectRefused = "FETCH_REDIRECT_REFUSED";

    /// <summary>The response exceeded the size limit.</summary>
    public const string FetchTooLarge = "FETCH_TOO_LARGE";

    /// <summary>The server did not answer within the timeout.</summary>
    public const string FetchTimeout = "FETCH_TIMEOUT";

    /// <summary>The response had an unexpected content type.</summary>
    public const string FetchContentType = "FETCH_CONTENT_TYPE";

    /// <summary>The request failed (network error or non-success HTTP status).</summary>
    public const string FetchFailed = "FETCH_FAILED";

    /// <summary>The OpenID4VP response is malformed (missing or non-JSON <c>vp_token</c>, missing <c>state</c>).</summary>
    public const string ResponseMalformed = "VP_RESPONSE_MALFORMED";

    /// <summary>The <c>state</c> is unknown, expired or already used.</summary>
    public const string StateUnknown = "VP_STATE_UNKNOWN";

    /// <summary>A credential query of the DCQL query has no presentation in <c>vp_token</c>.</summary>
    public const string CredentialQueryUnanswered = "DCQL_CREDENTIAL_MISSING";

    /// <summary>A claim requested by the DCQL query was not disclosed.</summary>
    public const string QueryClaimMissing = "DCQL_CLAIM_MISSING";

    /// <summary>The wallet answered with an OpenID4VP error (for example <c>access_denied</c>) instead of a <c>vp_token</c>.</summary>
    public const string WalletError = "VP_WALLET_ERROR";

    /// <summary>The <c>vp_token</c> holds presentations for query ids that were not requested, or more than one where one was asked.</summary>
    public const string QueryUnexpectedPresentation = "DCQL_UNEXPECTED_PRESENTATION";
}
