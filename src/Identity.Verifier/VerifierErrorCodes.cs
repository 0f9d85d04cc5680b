using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;
using Identity.Tokens.StatusList;

namespace Identity.Verifier;

/// <summary>
/// Stable codes returned in <see cref="VerificationResult.Error"/>. Each is documented in <c>docs/errors/verifier.md</c>
/// with its meaning and what a relying-party developer should do. Test and branch on these codes, never on message text.
/// Codes of SD-JWT processing are the ones of <see cref="SdJwtErrorCodes"/>, repeated here so one class lists every code.
/// </summary>
public static class VerifierErrorCodes
{
    // Codes of SD-JWT processing (RFC 9901), produced by Identity.Tokens and passed through unchanged.

    /// <summary>The presentation is not a well-formed SD-JWT (§4).</summary>
    public const string PresentationMalformed = SdJwtErrorCodes.Malformed;

    /// <summary>The presentation, a disclosure or the nesting depth exceeds the limits.</summary>
    public const string PresentationTooLarge = SdJwtErrorCodes.TooLarge;

    /// <summary>The issuer-signed JWT <c>alg</c> is <c>none</c>, unsupported or not in <see cref="AttestationVerifierOptions.AllowedAlgorithms"/>.</summary>
    public const string AlgorithmNotAllowed = SdJwtErrorCodes.AlgNotAllowed;

    /// <summary>The issuer-signed JWT <c>typ</c> is not <c>dc+sd-jwt</c> (draft-ietf-oauth-sd-jwt-vc §2.2.1).</summary>
    public const string IssuerJwtWrongType = SdJwtVcErrorCodes.TypInvalid;

    /// <summary>The issuer signature does not verify with any key of the trusted issuer.</summary>
    public const string IssuerSignatureInvalid = SdJwtErrorCodes.SignatureInvalid;

    /// <summary><c>_sd_alg</c> is not supported.</summary>
    public const string HashAlgorithmUnsupported = SdJwtErrorCodes.SdAlgUnsupported;

    /// <summary>A disclosure is not valid base64url JSON of the right shape.</summary>
    public const string DisclosureMalformed = SdJwtErrorCodes.DisclosureMalformed;

    /// <summary>The same disclosure is presented twice.</summary>
    public const string DuplicateDisclosure = SdJwtErrorCodes.DuplicateDisclosure;

    /// <summary>A digest appears more than once in the credential.</summary>
    public const string DuplicateDigest = SdJwtErrorCodes.DuplicateDigest;

    /// <summary>A disclosure matches no digest of the credential.</summary>
    public const string DigestMismatch = SdJwtErrorCodes.DigestMismatch;

    /// <summary>An object-property disclosure was found in an array, or the reverse.</summary>
    public const string DisclosureKindMismatch = SdJwtErrorCodes.DisclosureKindMismatch;

    /// <summary>A disclosure uses a reserved claim name (<c>_sd</c>, <c>...</c>).</summary>
    public const string ClaimNameInvalid = SdJwtErrorCodes.ClaimNameInvalid;

    /// <summary>A disclosure would overwrite a claim already present.</summary>
    public const string ClaimCollision = SdJwtErrorCodes.ClaimCollision;

    /// <summary>The credential is expired (<c>exp</c>) beyond the clock skew.</summary>
    public const string CredentialExpired = SdJwtVcErrorCodes.Expired;

    /// <summary>The credential is not valid yet (<c>nbf</c>) beyond the clock skew.</summary>
    public const string CredentialNotYetValid = SdJwtVcErrorCodes.NotYetValid;

    /// <summary>The presentation has no Key Binding JWT; holder binding is always required.</summary>
    public const string KeyBindingMissing = SdJwtErrorCodes.KbJwtMissing;

    /// <summary>The Key Binding JWT cannot be read.</summary>
    public const string KeyBindingMalformed = SdJwtErrorCodes.KbJwtMalformed;

    /// <summary>The Key Binding JWT <c>alg</c> is refused.</summary>
    public const string KeyBindingAlgorithmNotAllowed = SdJwtErrorCodes.KbJwtAlgNotAllowed;

    /// <summary>The Key Binding JWT <c>typ</c> is not <c>kb+jwt</c>.</summary>
    public const string KeyBindingWrongType = SdJwtErrorCodes.KbJwtTypInvalid;

    /// <summary>The credential has no <c>cnf.jwk</c> holder key.</summary>
    public const string HolderKeyMissing = SdJwtVcErrorCodes.CnfMissing;

    /// <summary>The credential's <c>cnf.jwk</c> is not a supported public key.</summary>
    public const string HolderKeyInvalid = SdJwtErrorCodes.KbJwtCnfInvalid;

    /// <summary>The Key Binding JWT is not signed by the holder key in <c>cnf</c>.</summary>
    public const string KeyBindingSignatureInvalid = SdJwtErrorCodes.KbJwtSignatureInvalid;

    /// <summary>The Key Binding JWT <c>iat</c> is missing, too old or in the future.</summary>
    public const string KeyBindingStale = SdJwtErrorCodes.KbJwtIatInvalid;

    /// <summary>The Key Binding JWT <c>nonce</c> differs from the expected nonce.</summary>
    public const string KeyBindingNonceMismatch = SdJwtErrorCodes.KbJwtNonceMismatch;

    /// <summary>The Key Binding JWT <c>aud</c> differs from the expected audience.</summary>
    public const string KeyBindingAudienceMismatch = SdJwtErrorCodes.KbJwtAudMismatch;

    /// <summary>The Key Binding JWT <c>sd_hash</c> does not cover the presented SD-JWT.</summary>
    public const string KeyBindingSdHashMismatch = SdJwtErrorCodes.KbJwtSdHashMismatch;

    // Codes of the verifier itself: trust, type, claims, status, fetching, OpenID4VP.

    /// <summary>The credential has no <c>iss</c>.</summary>
    public const string IssuerMissing = SdJwtVcErrorCodes.IssMissing;

    /// <summary>The credential has no <c>vct</c>.</summary>
    public const string VctMissing = SdJwtVcErrorCodes.VctMissing;

    /// <summary>The credential's <c>vct</c> (or <c>aka_vcts</c>) is not one of <see cref="VerificationOptions.AcceptedVcts"/>.</summary>
    public const string VctNotAccepted = SdJwtVcErrorCodes.VctNotAccepted;

    /// <summary><c>aka_vcts</c> is malformed.</summary>
    public const string AkaVctsInvalid = SdJwtVcErrorCodes.AkaVctsInvalid;

    /// <summary>A registered claim (<c>iss</c>, <c>vct</c>, <c>cnf</c>, <c>status</c>...) was made selectively disclosable.</summary>
    public const string RegisteredClaimDisclosed = SdJwtVcErrorCodes.RegisteredClaimDisclosed;

    /// <summary>The credential's <c>status</c> claim is malformed.</summary>
    public const string StatusInvalid = SdJwtVcErrorCodes.StatusInvalid;

    // Codes of the status list token (draft-ietf-oauth-status-list), produced by Identity.Tokens.

    /// <summary>The status list token is malformed, or signed for another issuer.</summary>
    public const string StatusListMalformed = StatusListErrorCodes.Malformed;

    /// <summary>The status list token or list exceeds the size limits.</summary>
    public const string StatusListTooLarge = StatusListErrorCodes.TooLarge;

    /// <summary>The status list token <c>typ</c> is not <c>statuslist+jwt</c>.</summary>
    public const string StatusListWrongType = StatusListErrorCodes.TypInvalid;

    /// <summary>The status list token algorithm is refused.</summary>
    public const string StatusListAlgorithmNotAllowed = StatusListErrorCodes.AlgorithmUnsupported;

    /// <summary>The status list token is not signed by the credential issuer.</summary>
    public const string StatusListSignatureInvalid = StatusListErrorCodes.SignatureInvalid;

    /// <summary>The status list token <c>sub</c> is not the URI the credential references.</summary>
    public const string StatusListSubjectMismatch = StatusListErrorCodes.SubjectMismatch;

    /// <summary>The fetched status list token has expired.</summary>
    public const string StatusListExpired = StatusListErrorCodes.Expired;

    /// <summary>The status list token is not valid yet.</summary>
    public const string StatusListNotYetValid = StatusListErrorCodes.NotYetValid;

    /// <summary>The status list <c>bits</c> is not 1, 2, 4 or 8.</summary>
    public const string StatusListBitsInvalid = StatusListErrorCodes.BitsInvalid;

    /// <summary>The credential's status index is outside the list.</summary>
    public const string StatusIndexOutOfRange = StatusListErrorCodes.IndexOutOfRange;

    /// <summary>The <c>iss</c> is not a configured trusted issuer and no trust source vouches for it. Nothing was fetched.</summary>
    public const string IssuerUntrusted = "ISSUER_UNTRUSTED";

    /// <summary>No key of the trusted issuer could be obtained (metadata, x5c or trust source).</summary>
    public const string IssuerKeyUnavailable = "ISSUER_KEY_UNAVAILABLE";

    /// <summary>The JWT VC Issuer Metadata is malformed or its <c>issuer</c> differs from <c>iss</c>.</summary>
    public const string IssuerMetadataInvalid = "ISSUER_METADATA_INVALID";

    /// <summary>The <c>x5c</c> chain does not validate to a configured trust anchor, or its leaf does not name the issuer.</summary>
    public const string X5cChainInvalid = "X5C_CHAIN_INVALID";

    /// <summary>A claim the relying party requires was not disclosed.</summary>
    public const string RequiredClaimMissing = "REQUIRED_CLAIM_MISSING";

    /// <summary>The credential has been revoked (status value 0x01).</summary>
    public const string StatusRevoked = "STATUS_REVOKED";

    /// <summary>The credential is suspended (status value 0x02).</summary>
    public const string StatusSuspended = "STATUS_SUSPENDED";

    /// <summary>The status list could not be fetched or verified and no unexpired copy is cached: fail closed.</summary>
    public const string StatusUnavailable = "STATUS_UNAVAILABLE";

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
