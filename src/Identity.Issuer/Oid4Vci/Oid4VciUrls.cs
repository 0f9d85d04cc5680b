using Identity.Issuer.Configuration;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Oid4Vci;

/// <summary>
/// The identifiers and endpoint URLs of the credential issuer. The authorization server is this same service (OpenIddict), whose
/// issuer is an absolute URL with a trailing slash; the credential issuer identifier (OpenID4VCI §12.2.1) is that URL without it,
/// and is also the <c>iss</c> of every credential and the <c>aud</c> every proof must carry.
/// </summary>
internal sealed record Oid4VciUrls(Uri AuthorizationServer, string CredentialIssuer)
{
    public const string NoncePath = "/oid4vci/nonce";
    public const string CredentialPath = "/oid4vci/credential";
    public const string OfferPath = "/oid4vci/offers/";
    public const string TypesPath = "/credentials/";

    public string NonceEndpoint => CredentialIssuer + NoncePath;

    public string CredentialEndpoint => CredentialIssuer + CredentialPath;

    public string TokenEndpoint => CredentialIssuer + "/connect/token";

    public string Vct(string typeName) => CredentialIssuer + TypesPath + typeName;

    public string Offer(string id) => CredentialIssuer + OfferPath + id;

    /// <summary>The configured issuer when set, else the request's own base URL (developer machines only, as for OpenIddict).</summary>
    public static Oid4VciUrls For(HttpRequest request, IssuerOptions options)
    {
        var server = !string.IsNullOrEmpty(options.IssuerUri)
            ? new Uri(options.IssuerUri, UriKind.Absolute)
            : new Uri(request.Scheme + "://" + request.Host + request.PathBase, UriKind.Absolute);
        server = new Uri(server.AbsoluteUri.EndsWith('/') ? server.AbsoluteUri : server.AbsoluteUri + "/", UriKind.Absolute);
        return new Oid4VciUrls(server, server.AbsoluteUri.TrimEnd('/'));
    }

    public static Oid4VciUrls For(HttpContext context)
        => For(context.Request, context.RequestServices.GetRequiredService<IOptions<IssuerOptions>>().Value);
}
