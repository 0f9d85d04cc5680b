using Identity.Issuer.Oidc.Endpoints;

namespace Identity.Issuer.Hosting;

/// <summary>Adds the provider's middleware and endpoints.</summary>
public static class IssuerApplicationBuilderExtensions
{
    /// <summary>Security headers, static files, status pages, authentication, Razor pages, token/userinfo endpoints and /health.</summary>
    public static WebApplication UseIdentityIssuer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSecurityHeaders();
        app.UseTransportSecurity();
        Citizens.CitizenDirectoryOutage.UseCitizenDirectoryOutage(app);
        app.UseRequestGuard();
        app.UseStatusCodePagesWithReExecute("/error");
        app.UseJsonApiErrors();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapOidcEndpoints();
        StatusLists.CredentialStatusServiceCollectionExtensions.MapCredentialStatus(app);
        Oid4Vci.Oid4VciEndpoints.MapOid4Vci(app);
        app.MapHealthChecks("/health");
        return app;
    }
}
