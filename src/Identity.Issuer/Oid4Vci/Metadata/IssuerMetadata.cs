using System.Text.Json.Nodes;
using Identity.Issuer.Oid4Vci.Keys;

namespace Identity.Issuer.Oid4Vci.Metadata;

/// <summary>The metadata documents of the credential issuer, built per request from its URLs.</summary>
internal static class IssuerMetadata
{
    /// <summary>OpenID4VCI §12.2.4: Credential Issuer Metadata.</summary>
    public static JsonObject CredentialIssuer(Oid4VciUrls urls, Oid4VciOptions options) => new()
    {
        ["credential_issuer"] = urls.CredentialIssuer,
        // §12.2.4: the authorization server is this service itself; named explicitly because its issuer has a trailing slash.
        ["authorization_servers"] = new JsonArray(urls.AuthorizationServer.AbsoluteUri),
        ["credential_endpoint"] = urls.CredentialEndpoint,
        ["nonce_endpoint"] = urls.NonceEndpoint,
        ["batch_credential_issuance"] = new JsonObject { ["batch_size"] = options.BatchSize },
        ["display"] = new JsonArray(
            new JsonObject { ["name"] = "Gouvernement du Québec — Identité numérique", ["locale"] = "fr-CA" },
            new JsonObject { ["name"] = "Government of Québec — Digital identity", ["locale"] = "en-CA" }),
        ["credential_configurations_supported"] = new JsonObject
        {
            [IdentityCredentialType.ConfigurationId] = IdentityCredentialType.Configuration(urls),
        },
    };

    /// <summary>JWT VC Issuer Metadata (draft-ietf-oauth-sd-jwt-vc §5): the issuer's credential-signing keys.</summary>
    public static JsonObject JwtVcIssuer(Oid4VciUrls urls, CredentialSigningKeys keys) => new()
    {
        ["issuer"] = urls.CredentialIssuer,
        ["jwks"] = keys.PublicJwks.DeepClone(),
    };
}
