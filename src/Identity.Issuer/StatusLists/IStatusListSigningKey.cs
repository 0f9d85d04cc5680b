using Identity.Issuer.Oid4Vci.Keys;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.StatusLists;

/// <summary>
/// The key that signs status list tokens. Verifiers check status list tokens with the issuer's credential-signing keys (the
/// keys of the JWT VC Issuer Metadata), so the default is that key; the registration is replaceable (TryAdd) for an HSM.
/// </summary>
internal interface IStatusListSigningKey
{
    /// <summary>The current signing key (with its <c>kid</c>) and algorithm.</summary>
    SigningCredentials Credentials { get; }
}

/// <summary>Default: the credential-signing key of the OpenID4VCI issuer.</summary>
internal sealed class CredentialStatusListSigningKey(CredentialSigningKeys keys) : IStatusListSigningKey
{
    public SigningCredentials Credentials => keys.SigningCredentials;
}
