using Identity.Issuer.StatusLists;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Admin;

/// <summary>
/// The admin API: POST /admin/credentials/{id}/revoke, /suspend and /reinstate (docs/admin-api.md). Each call runs the same steps:
/// authenticate the bearer token, check the admin scope, check the client authenticates with private_key_jwt, change the status
/// (<see cref="CredentialStatusService"/>, which audits), answer JSON or problem+json with a stable code.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/admin/credentials/{id}").DisableAntiforgery().AllowAnonymous();
        group.MapPost("/revoke", (string id, HttpContext context) => HandleAsync(id, StatusAction.Revoke, context));
        group.MapPost("/suspend", (string id, HttpContext context) => HandleAsync(id, StatusAction.Suspend, context));
        group.MapPost("/reinstate", (string id, HttpContext context) => HandleAsync(id, StatusAction.Reinstate, context));
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(string id, StatusAction action, HttpContext context)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminEndpoints));

        // RFC 6750 §2.1: the access token comes in the Authorization header only.
        if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context, StatusCodes.Status401Unauthorized, StatusErrorCodes.AdminTokenMissing, "A bearer access token is required.", "invalid_request");
        }

        // RFC 9068 / OpenIddict validation against the local server: signature, issuer, lifetime, token type.
        var authentication = await context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (authentication.Principal is not { } principal)
        {
            logger.LogWarning("Admin call refused: {Code}", StatusErrorCodes.AdminTokenInvalid);
            return Refuse(context, StatusCodes.Status401Unauthorized, StatusErrorCodes.AdminTokenInvalid, "The access token is not valid.", "invalid_token");
        }

        var clientId = principal.GetClaim(Claims.ClientId) ?? principal.GetClaim(Claims.Subject) ?? string.Empty;

        // RFC 6750 §3.1: insufficient_scope when the token lacks the admin scope.
        if (!principal.HasScope(AdminClients.Scope))
        {
            logger.LogWarning("Admin call by {ClientId} refused: {Code}", clientId, StatusErrorCodes.AdminScopeMissing);
            return Refuse(context, StatusCodes.Status403Forbidden, StatusErrorCodes.AdminScopeMissing, $"The access token lacks the '{AdminClients.Scope}' scope.", "insufficient_scope");
        }

        // Strong client authentication: an admin client has keys and no shared secret, so its tokens came from private_key_jwt.
        if (!await AuthenticatesWithKeysOnlyAsync(context, clientId))
        {
            logger.LogWarning("Admin call by {ClientId} refused: {Code}", clientId, StatusErrorCodes.AdminClientAuthenticationWeak);
            return Refuse(context, StatusCodes.Status403Forbidden, StatusErrorCodes.AdminClientAuthenticationWeak, "Admin clients must authenticate with private_key_jwt only.", "insufficient_scope");
        }

        var service = context.RequestServices.GetRequiredService<CredentialStatusService>();
        var result = await service.ChangeAsync(id, action, AuditActor.Client(clientId), ownerCitizenId: null, context.RequestAborted);
        if (!result.Succeeded)
        {
            var status = result.Code == StatusErrorCodes.CredentialNotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
            return StatusListEndpoints.Problem(status, result.Code, result.Code == StatusErrorCodes.CredentialNotFound
                ? "No credential has this identifier."
                : "This status change is not allowed from the credential's current status.");
        }

        return Results.Json(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["status"] = CredentialStatusService.StatusName(result.Status),
            ["status_changed_at"] = result.ChangedAt,
        });
    }

    private static async Task<bool> AuthenticatesWithKeysOnlyAsync(HttpContext context, string clientId)
    {
        var applications = context.RequestServices.GetRequiredService<IOpenIddictApplicationManager>();
        return await applications.FindByClientIdAsync(clientId, context.RequestAborted) is OpenIddictEntityFrameworkCoreApplication application
            && string.IsNullOrEmpty(application.ClientSecret)
            && !string.IsNullOrEmpty(application.JsonWebKeySet);
    }

    private static IResult Refuse(HttpContext context, int status, string code, string title, string bearerError)
    {
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"{bearerError}\", scope=\"{AdminClients.Scope}\"";
        return StatusListEndpoints.Problem(status, code, title);
    }
}
