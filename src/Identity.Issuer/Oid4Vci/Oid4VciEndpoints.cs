using System.Text.Json.Nodes;
using Identity.Issuer.Oid4Vci.Credentials;
using Identity.Issuer.Oid4Vci.Keys;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Oid4Vci.Nonces;
using Identity.Issuer.Oid4Vci.Offers;
using Identity.State;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Oid4Vci;

/// <summary>The HTTP endpoints of the credential issuer; thin adapters over the classes of this folder.</summary>
internal static class Oid4VciEndpoints
{
    public static IEndpointRouteBuilder MapOid4Vci(this IEndpointRouteBuilder endpoints)
    {
        // OpenID4VCI §12.2.2: metadata at /.well-known/openid-credential-issuer (+ the issuer's path, if any).
        endpoints.MapGet("/.well-known/openid-credential-issuer/{**path}", CredentialIssuerMetadata);
        // draft-ietf-oauth-sd-jwt-vc §5.1: /.well-known/jwt-vc-issuer (+ the issuer's path, if any).
        endpoints.MapGet("/.well-known/jwt-vc-issuer/{**path}", JwtVcIssuerMetadata);
        endpoints.MapGet(Oid4VciUrls.TypesPath + IdentityCredentialType.TypeName, TypeMetadata);
        endpoints.MapGet(Oid4VciUrls.OfferPath + "{id}", OfferAsync);
        endpoints.MapPost(Oid4VciUrls.NoncePath, NonceAsync).DisableAntiforgery();
        endpoints.MapPost(Oid4VciUrls.CredentialPath, (HttpContext context, CredentialEndpoint endpoint) => endpoint.HandleAsync(context)).DisableAntiforgery();
        return endpoints;
    }

    private static IResult CredentialIssuerMetadata(HttpContext context, string? path, IOptions<Oid4VciOptions> options)
    {
        var urls = Oid4VciUrls.For(context);
        return PathMatches(urls, path) ? Json(context, IssuerMetadata.CredentialIssuer(urls, options.Value)) : Results.NotFound();
    }

    private static IResult JwtVcIssuerMetadata(HttpContext context, string? path, CredentialSigningKeys keys)
    {
        var urls = Oid4VciUrls.For(context);
        return PathMatches(urls, path) ? Json(context, IssuerMetadata.JwtVcIssuer(urls, keys)) : Results.NotFound();
    }

    private static IResult TypeMetadata(HttpContext context) => Json(context, IdentityCredentialType.TypeMetadata(Oid4VciUrls.For(context)));

    /// <summary>§4.1.3: the offer passed by reference, for the pre-authorized code's lifetime.</summary>
    private static async Task<IResult> OfferAsync(HttpContext context, string id, IEphemeralStore store)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (id.Length > 64 || await store.GetAsync(CredentialOfferFactory.OfferKeyPrefix + id, context.RequestAborted) is not { } offer)
        {
            return Results.NotFound();
        }

        return Results.Bytes(offer, "application/json");
    }

    /// <summary>§7.2: a fresh c_nonce, never cached.</summary>
    private static async Task<IResult> NonceAsync(HttpContext context, NonceService nonces)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new JsonObject { ["c_nonce"] = await nonces.IssueAsync(context.RequestAborted) });
    }

    private static bool PathMatches(Oid4VciUrls urls, string? path)
        => string.Equals("/" + (path ?? string.Empty).Trim('/'), "/" + urls.AuthorizationServer.AbsolutePath.Trim('/'), StringComparison.Ordinal);

    private static IResult Json(HttpContext context, JsonObject document)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(document.ToJsonString(), "application/json", System.Text.Encoding.UTF8);
    }
}
