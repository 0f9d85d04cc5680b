namespace Identity.Tokens.SdJwt;

/// <summary>Stable error codes of SD-JWT (RFC 9901) processing. Documented in <c>docs/errors/sdjwt.md</c>.</summary>
public static class SdJwtErrorCodes
{
#pragma warning disable CS1591 // Each code is documented in docs/errors/sdjwt.md.
    public const string Malformed = "SDJWT_MALFORMED";
    public const string TooLarge = "SDJWT_TOO_LARGE";
    public const string AlgNotAllowed = "SDJWT_ALG_NOT_ALLOWED";
    public const string TypInvalid = "SDJWT_TYP_INVALID";
    public const string IssuerKeyNotFound = "SDJWT_ISSUER_KEY_NOT_FOUND";
    public const string SignatureInvalid = "SDJWT_SIGNATURE_INVALID";
    public const string SdAlgUnsupported = "SDJWT_SD_ALG_UNSUPPORTED";
    public const string DisclosureMalformed = "SDJWT_DISCLOSURE_MALFORMED";
    public const string DuplicateDisclosure = "SDJWT_DUPLICATE_DISCLOSURE";
    public const string DuplicateDigest = "SDJWT_DUPLICATE_DIGEST";
    public const string DigestMismatch = "SDJWT_DIGEST_MISMATCH";
    public const string DisclosureKindMismatch = "SDJWT_DISCLOSURE_KIND_MISMATCH";
    public const string ClaimNameInvalid = "SDJWT_CLAIM_NAME_INVALID";
    public const string ClaimCollision = "SDJWT_CLAIM_COLLISION";
    public const string Expired = "SDJWT_EXPIRED";
    public const string NotYetValid = "SDJWT_NOT_YET_VALID";
    public const string KbJwtMissing = "KB_JWT_MISSING";
    public const string KbJwtMalformed = "KB_JWT_MALFORMED";
    public const string KbJwtAlgNotAllowed = "KB_JWT_ALG_NOT_ALLOWED";
    public const string KbJwtTypInvalid = "KB_JWT_TYP_INVALID";
    public const string KbJwtCnfMissing = "KB_JWT_CNF_MISSING";
    public const string KbJwtCnfInvalid = "KB_JWT_CNF_INVALID";
    public const string KbJwtSignatureInvalid = "KB_JWT_SIGNATURE_INVALID";
    public const string KbJwtIatInvalid = "KB_JWT_IAT_INVALID";
    public const string KbJwtNonceMismatch = "KB_JWT_NONCE_MISMATCH";
    public const string KbJwtAudMismatch = "KB_JWT_AUD_MISMATCH";
    public const string KbJwtSdHashMismatch = "KB_JWT_SD_HASH_MISMATCH";
#pragma warning restore CS1591
}
