using System.Security.Claims;
using System.Text.Json;
using Identity.Issuer.Citizens;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Oidc.Endpoints;

/// <summary>
/// The token and userinfo endpoints. OpenIddict has already parsed the request, authenticated the client and validated the grant
/// (code, PKCE verifier, redirect_uri, refresh token rotation) before these run; they only decide what the tokens contain.
/// </summary>
internal static class OidcEndpoints
{
    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/connect/token", ExchangeAsync).DisableAntiforgery();
        endpoints.MapMethods("/connect/userinfo", ["GET", "POST"], UserinfoAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, CitizenPrincipals principals)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The OpenIddict request is missing.");

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (result.Principal is not { } principal || await principals.FindCitizenAsync(principal, context.RequestAborted) is null)
            {
                return Forbid(Errors.InvalidGrant, IssuerErrorCodes.CitizenUnknown, "The citizen behind this grant is no longer known.");
            }

            // Refresh (RFC 6749 §6): the claims consented at login are kept; destinations are set again for the new tokens.
            principal.SetDestinations(CitizenPrincipals.DestinationsOf);
            return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsClientCredentialsGrantType())
        {
            // RFC 6749 §4.4: the client acts on its own behalf, so the subject is the client itself.
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(static claim => claim.Type == Claims.Subject ? [Destinations.AccessToken] : []);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, IssuerErrorCodes.GrantNotSupported, "This grant type is not supported.");
    }

    /// <summary>OpenID Connect Core §5.3: the claims of the granted scopes, read from the directory at the time of the call.</summary>
    private static async Task<IResult> UserinfoAsync(HttpContext context, CitizenPrincipals principals)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal || await principals.FindCitizenAsync(principal, context.RequestAborted) is not { } citizen)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = IssuerErrorCodes.Describe(IssuerErrorCodes.CitizenUnknown, "The citizen behind this token is no longer known."),
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var response = new Dictionary<string, object?>(StringComparer.Ordinal) { [Claims.Subject] = principal.GetClaim(Claims.Subject) };
        foreach (var claim in ScopeClaims.For(citizen, principal.GetScopes()))
        {
            response[claim.Type] = claim.ValueType switch
            {
                "JSON" => JsonSerializer.Deserialize<JsonElement>(claim.Value),
                ClaimValueTypes.Boolean => bool.Parse(claim.Value),
                _ => claim.Value,
            };
        }

        return Results.Json(response);
    }

    private static IResult Forbid(string error, string code, string message) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = IssuerErrorCodes.Describe(code, message),
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
