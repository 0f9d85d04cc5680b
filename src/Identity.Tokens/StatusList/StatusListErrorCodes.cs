namespace Identity.Tokens.StatusList;

/// <summary>
/// Stable project codes for Token Status List failures (draft-ietf-oauth-status-list-20), documented in
/// <c>docs/errors/jose-statuslist.md</c>. Tests and callers compare against these, never against messages.
/// </summary>
public static class StatusListErrorCodes
{
    /// <summary>The token, its header, its claims or the <c>lst</c> value cannot be parsed, or a required claim is missing.</summary>
    public const string Malformed = "STATUS_LIST_MALFORMED";

    /// <summary>The token or the status list exceeds a configured size limit (compressed or decompressed).</summary>
    public const string TooLarge = "STATUS_LIST_TOO_LARGE";

    /// <summary>The JWT <c>typ</c> header is not <c>statuslist+jwt</c> (§5.1).</summary>
    public const string TypInvalid = "STATUS_LIST_TYP_INVALID";

    /// <summary>The JWS <c>alg</c> is not one this project accepts (<c>none</c> never is).</summary>
    public const string AlgorithmUnsupported = "STATUS_LIST_ALG_UNSUPPORTED";

    /// <summary>The signature does not verify with any of the status issuer's keys.</summary>
    public const string SignatureInvalid = "STATUS_LIST_SIGNATURE_INVALID";

    /// <summary>The token's <c>sub</c> differs from the <c>uri</c> of the referenced token (§5.1, §8.3 step 4a).</summary>
    public const string SubjectMismatch = "STATUS_LIST_SUB_MISMATCH";

    /// <summary>The token's <c>exp</c> has passed (§8.3 step 4c).</summary>
    public const string Expired = "STATUS_LIST_EXPIRED";

    /// <summary>The token's <c>iat</c> or <c>nbf</c> lies in the future beyond the allowed clock skew.</summary>
    public const string NotYetValid = "STATUS_LIST_NOT_YET_VALID";

    /// <summary>The token's <c>iat</c> is older than the relying party's freshness policy (§8.3 step 4b).</summary>
    public const string Stale = "STATUS_LIST_STALE";

    /// <summary>The <c>bits</c> member is not 1, 2, 4 or 8 (§4.2).</summary>
    public const string BitsInvalid = "STATUS_LIST_BITS_INVALID";

    /// <summary>The referenced index lies outside the status list (§8.3 step 6).</summary>
    public const string IndexOutOfRange = "STATUS_INDEX_OUT_OF_RANGE";

    /// <summary>The referenced token has no <c>status</c> claim or no <c>status_list</c> member in it (§6.2).</summary>
    public const string ReferenceMissing = "STATUS_REFERENCE_MISSING";

    /// <summary>The <c>status</c> / <c>status_list</c> value is not a JSON object or lacks <c>idx</c> / <c>uri</c> (§6.2).</summary>
    public const string ReferenceMalformed = "STATUS_REFERENCE_MALFORMED";

    /// <summary>The referenced <c>idx</c> is not a non-negative integer (§6.2).</summary>
    public const string ReferenceIndexInvalid = "STATUS_REFERENCE_INDEX_INVALID";

    /// <summary>The referenced <c>uri</c> is not an absolute <c>https</c> URI (§6.2, HAIP).</summary>
    public const string ReferenceUriInvalid = "STATUS_REFERENCE_URI_INVALID";
}
