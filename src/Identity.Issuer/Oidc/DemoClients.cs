using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Oidc;

/// <summary>
/// Demonstration clients seeded on first run (documented in docs/issuer-login.md). Their secrets are public knowledge: for a developer
/// machine only; turn seeding off with Issuer:SeedDemoData=false in any shared environment.
/// </summary>
internal static class DemoClients
{
    public const string DemoRpId = "demo-rp";
    public const string DemoRpSecret = "demo-rp-secret";
    public const string DemoRpRedirect = "http://localhost:5090/signin-oidc";
    public const string DemoRpPostLogout = "http://localhost:5090/signout-callback-oidc";
    public const string DemoSector = "demo-sector";

    public const string PartnerRpId = "demo-rp-partner";
    public const string PartnerRpSecret = "demo-rp-partner-secret";
    public const string PartnerRpRedirect = "http://localhost:5091/signin-oidc";
    public const string PartnerSector = "partner-sector";

    public const string ServiceClientId = "demo-service";
    public const string ServiceClientSecret = "demo-service-secret";

    public static async Task SeedAsync(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        await CreateIfMissingAsync(applications, LoginClient(DemoRpId, DemoRpSecret, "Service de démonstration", "Demonstration service", DemoRpRedirect, DemoRpPostLogout, DemoSector), cancellationToken);
        await CreateIfMissingAsync(applications, LoginClient(PartnerRpId, PartnerRpSecret, "Service partenaire de démonstration", "Demonstration partner service", PartnerRpRedirect, "http://localhost:5091/signout-callback-oidc", PartnerSector), cancellationToken);

        var service = new OpenIddictApplicationDescriptor
        {
            ClientId = ServiceClientId,
            ClientSecret = ServiceClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "Demonstration back-end service",
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        await CreateIfMissingAsync(applications, service, cancellationToken);
    }

    /// <summary>A confidential login client: code flow with PKCE, PAR required, sector set.</summary>
    public static OpenIddictApplicationDescriptor LoginClient(
        string clientId, string? secret, string displayNameFr, string displayNameEn, string redirectUri, string postLogoutRedirectUri, string sector)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = displayNameFr,
            DisplayNames = { [new System.Globalization.CultureInfo("fr")] = displayNameFr, [new System.Globalization.CultureInfo("en")] = displayNameEn },
            RedirectUris = { new Uri(redirectUri) },
            PostLogoutRedirectUris = { new Uri(postLogoutRedirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.PushedAuthorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Address,
                Permissions.Scopes.Email,
                Permissions.Prefixes.Scope + ScopeClaims.BirthdateScope,
                Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange, Requirements.Features.PushedAuthorizationRequests },
        };
        descriptor.Properties[ClientSectors.PropertyName] = JsonSerializer.SerializeToElement(sector);
        return descriptor;
    }

    private static async Task CreateIfMissingAsync(IOpenIddictApplicationManager applications, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }
}
