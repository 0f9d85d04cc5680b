namespace Identity.Tokens.Dpop;

/// <summary>
/// Stable project codes of DPoP (RFC 9449) refusals; documented in docs/errors/dpop.md. The spec error travels beside the code:
/// <c>invalid_dpop_proof</c> for a bad proof (§5, §7.1), <c>invalid_token</c> for a token presented the wrong way (§7.1, §7.2).
/// </summary>
public static class DpopErrorCodes
{
    /// <summary>The spec error of a refused proof (RFC 9449 §5, §7.1).</summary>
    public const string InvalidDpopProof = "invalid_dpop_proof";

    /// <summary>No DPoP header where one is required (a bound token or a bound grant).</summary>
    public const string ProofMissing = "DPOP_PROOF_MISSING";

    /// <summary>More than one DPoP header (§4.3 check 1).</summary>
    public const string ProofMultiple = "DPOP_PROOF_MULTIPLE";

    /// <summary>Not a compact JWS with JSON header and payload, or too large (§4.3 check 2).</summary>
    public const string ProofMalformed = "DPOP_PROOF_MALFORMED";

    /// <summary><c>typ</c> is not <c>dpop+jwt</c> (§4.3 check 4).</summary>
    public const string TypInvalid = "DPOP_TYP_INVALID";

    /// <summary><c>alg</c> is not in the allow-list (ES256, EdDSA); <c>none</c> and MACs never are (§4.3 check 5).</summary>
    public const string AlgNotAllowed = "DPOP_ALG_NOT_ALLOWED";

    /// <summary>The <c>jwk</c> header is missing, malformed or of an unsupported type (§4.2).</summary>
    public const string KeyInvalid = "DPOP_KEY_INVALID";

    /// <summary>The <c>jwk</c> header holds a private key (§4.3 check 7).</summary>
    public const string KeyPrivate = "DPOP_KEY_PRIVATE";

    /// <summary>The signature does not verify with the <c>jwk</c> header (§4.3 check 6).</summary>
    public const string SignatureInvalid = "DPOP_SIGNATURE_INVALID";

    /// <summary><c>jti</c>, <c>htm</c>, <c>htu</c> or <c>iat</c> is missing or not of its type (§4.3 check 3).</summary>
    public const string ClaimMissing = "DPOP_CLAIM_MISSING";

    /// <summary><c>htm</c> is not the request's method (§4.3 check 8).</summary>
    public const string HtmMismatch = "DPOP_HTM_MISMATCH";

    /// <summary><c>htu</c> is not the request's URI without query and fragment (§4.3 check 9).</summary>
    public const string HtuMismatch = "DPOP_HTU_MISMATCH";

    /// <summary><c>iat</c> is outside the accepted window (§4.3 check 11, §11.1).</summary>
    public const string IatInvalid = "DPOP_IAT_INVALID";

    /// <summary><c>ath</c> is missing or is not the hash of the presented access token (§4.3 check 12, §7).</summary>
    public const string AthMismatch = "DPOP_ATH_MISMATCH";

    /// <summary>The proof's <c>jti</c> was already used (§11.1).</summary>
    public const string Replayed = "DPOP_PROOF_REPLAYED";

    /// <summary>The proof key is not the key the token or grant is bound to (<c>cnf.jkt</c>, <c>dpop_jkt</c>) (§4.3 check 12, §5, §10).</summary>
    public const string KeyMismatch = "DPOP_KEY_MISMATCH";

    /// <summary>A DPoP-bound access token presented with the Bearer scheme (§7.2).</summary>
    public const string BoundTokenAsBearer = "DPOP_BOUND_TOKEN_AS_BEARER";

    /// <summary>An access token that is not DPoP-bound presented with the DPoP scheme (§7.1).</summary>
    public const string TokenNotBound = "DPOP_TOKEN_NOT_BOUND";

    /// <summary>The <c>dpop_jkt</c> authorization request parameter is not a JWK SHA-256 thumbprint (§10).</summary>
    public const string JktInvalid = "DPOP_JKT_INVALID";
}
