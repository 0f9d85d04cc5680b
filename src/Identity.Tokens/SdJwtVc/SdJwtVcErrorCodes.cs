namespace Identity.Tokens.SdJwtVc;

/// <summary>Stable error codes of SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-19) processing. Documented in <c>docs/errors/sdjwt.md</c>.</summary>
/// <remarks>SD-JWT VC verification also returns the <see cref="SdJwt.SdJwtErrorCodes"/> of the underlying RFC 9901 checks.</remarks>
public static class SdJwtVcErrorCodes
{
#pragma warning disable CS1591 // Each code is documented in docs/errors/sdjwt.md.
    public const string TypInvalid = "SDJWTVC_TYP_INVALID";
    public const string RegisteredClaimDisclosed = "SDJWTVC_REGISTERED_CLAIM_DISCLOSED";
    public const string IssMissing = "SDJWTVC_ISS_MISSING";
    public const string VctMissing = "SDJWTVC_VCT_MISSING";
    public const string VctNotAccepted = "SDJWTVC_VCT_NOT_ACCEPTED";
    public const string AkaVctsInvalid = "SDJWTVC_AKA_VCTS_INVALID";
    public const string Expired = "SDJWTVC_EXPIRED";
    public const string NotYetValid = "SDJWTVC_NOT_YET_VALID";
    public const string CnfMissing = "SDJWTVC_CNF_MISSING";
    public const string StatusInvalid = "SDJWTVC_STATUS_INVALID";
#pragma warning restore CS1591
}
