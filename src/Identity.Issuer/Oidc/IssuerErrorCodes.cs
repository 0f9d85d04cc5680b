namespace Identity.Issuer.Oidc;

/// <summary>
/// Stable project codes for the refusals this provider adds to OpenIddict's own. Each is sent at the start of
/// <c>error_description</c> (e.g. "CLIENT_ASSERTION_REPLAYED: ...") next to the standard <c>error</c>; see docs/errors/issuer.md.
/// </summary>
internal static class IssuerErrorCodes
{
    public const string ClientAssertionReplayed = "CLIENT_ASSERTION_REPLAYED";
    public const string ClientAssertionJtiMissing = "CLIENT_ASSERTION_JTI_MISSING";
    public const string AcrNotSatisfiable = "ACR_NOT_SATISFIABLE";
    public const string ConsentDenied = "CONSENT_DENIED";
    public const string LoginRequired = "LOGIN_REQUIRED";
    public const string ConsentRequired = "CONSENT_REQUIRED";
    public const string CitizenUnknown = "CITIZEN_UNKNOWN";
    public const string GrantNotSupported = "GRANT_NOT_SUPPORTED";

    public static string Describe(string code, string message) => code + ": " + message;
}
