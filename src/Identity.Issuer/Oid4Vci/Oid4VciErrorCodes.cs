namespace Identity.Issuer.Oid4Vci;

/// <summary>
/// Stable project codes of the OpenID4VCI endpoints, sent at the start of <c>error_description</c> next to the spec's <c>error</c>
/// (for example "PROOF_AUD_MISMATCH: ..."); documented in docs/errors/oid4vci.md.
/// </summary>
internal static class Oid4VciErrorCodes
{
    // Token endpoint, pre-authorized code grant (§6.1, §6.3).
    public const string PreAuthorizedCodeMissing = "PRE_AUTHORIZED_CODE_MISSING";
    public const string PreAuthorizedCodeInvalid = "PRE_AUTHORIZED_CODE_INVALID";
    public const string TxCodeMissing = "TX_CODE_MISSING";
    public const string TxCodeInvalid = "TX_CODE_INVALID";
    public const string TxCodeLocked = "TX_CODE_LOCKED";

    // Credential endpoint, access token (RFC 6750 §3.1).
    public const string AccessTokenMissing = "ACCESS_TOKEN_MISSING";
    public const string AccessTokenInvalid = "ACCESS_TOKEN_INVALID";
    public const string AccessTokenScopeMissing = "ACCESS_TOKEN_SCOPE_MISSING";
    public const string AccessTokenRevoked = "ACCESS_TOKEN_REVOKED";

    // Credential request (§8.2, §8.3.1.2).
    public const string RequestMalformed = "CREDENTIAL_REQUEST_MALFORMED";
    public const string RequestTooLarge = "CREDENTIAL_REQUEST_TOO_LARGE";
    public const string ConfigurationUnknown = "CREDENTIAL_CONFIGURATION_UNKNOWN";
    public const string ProofMissing = "PROOF_MISSING";
    public const string ProofBatchTooLarge = "PROOF_BATCH_TOO_LARGE";
    public const string CitizenUnknown = "CITIZEN_UNKNOWN";

    // Proofs (Appendix F.1, F.4).
    public const string ProofMalformed = "PROOF_MALFORMED";
    public const string ProofTypInvalid = "PROOF_TYP_INVALID";
    public const string ProofAlgNotAllowed = "PROOF_ALG_NOT_ALLOWED";
    public const string ProofKeyInvalid = "PROOF_KEY_INVALID";
    public const string ProofKeyReferenceNotSupported = "PROOF_KEY_REFERENCE_NOT_SUPPORTED";
    public const string ProofSignatureInvalid = "PROOF_SIGNATURE_INVALID";
    public const string ProofAudMismatch = "PROOF_AUD_MISMATCH";
    public const string ProofIssMismatch = "PROOF_ISS_MISMATCH";
    public const string ProofIssNotAllowed = "PROOF_ISS_NOT_ALLOWED";
    public const string ProofIatInvalid = "PROOF_IAT_INVALID";
    public const string ProofNonceMissing = "PROOF_NONCE_MISSING";
    public const string ProofNonceMismatch = "PROOF_NONCES_DIFFER";
    public const string ProofKeysDuplicated = "PROOF_KEYS_DUPLICATED";
    public const string IssuanceUnavailable = "ISSUANCE_UNAVAILABLE";
    public const string NonceUnknown = "NONCE_UNKNOWN";

    public static string Describe(string code, string message) => code + ": " + message;
}
