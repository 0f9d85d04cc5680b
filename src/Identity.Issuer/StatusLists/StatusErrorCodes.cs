namespace Identity.Issuer.StatusLists;

/// <summary>Stable codes of the status and admin API (documented in docs/errors/status-admin.md).</summary>
internal static class StatusErrorCodes
{
    public const string Ok = "OK";
    public const string CredentialNotFound = "CREDENTIAL_NOT_FOUND";
    public const string AlreadyRevoked = "STATUS_ALREADY_REVOKED";
    public const string AlreadySuspended = "STATUS_ALREADY_SUSPENDED";
    public const string NotSuspended = "STATUS_NOT_SUSPENDED";
    public const string StatusListNotFound = "STATUS_LIST_NOT_FOUND";
    public const string StatusListFormatNotAcceptable = "STATUS_LIST_FORMAT_NOT_ACCEPTABLE";
    public const string AdminTokenMissing = "ADMIN_TOKEN_MISSING";
    public const string AdminTokenInvalid = "ADMIN_TOKEN_INVALID";
    public const string AdminScopeMissing = "ADMIN_SCOPE_MISSING";
    public const string AdminClientAuthenticationWeak = "ADMIN_CLIENT_AUTH_WEAK";
    public const string AdminActionUnknown = "ADMIN_ACTION_UNKNOWN";
}
