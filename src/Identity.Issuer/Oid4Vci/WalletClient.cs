using System.Text.Json;
using Identity.Issuer.Configuration;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Oid4Vci.Offers;
using Identity.Issuer.Oidc;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Oid4Vci;

/// <summary>
/// The demonstration wallet client (docs/issuance.md): public (no secret), PKCE and PAR required, allowed the credential scope in
/// the authorization code flow and the pre-authorized code grant. Seeded with the other demonstration clients.
/// </summary>
internal static class WalletClient
{
    public const string ClientId = "demo-wallet";
    public const string RedirectUri = "http://localhost:5093/callback";

    public static OpenIddictApplicationDescriptor Descriptor()
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = "Portefeuille de démonstration",
            DisplayNames = { [new System.Globalization.CultureInfo("fr")] = "Portefeuille de démonstration", [new System.Globalization.CultureInfo("en")] = "Demonstration wallet" },
            RedirectUris = { new Uri(RedirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.PushedAuthorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.Prefixes.GrantType + CredentialOfferFactory.PreAuthorizedGrantType,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + IdentityCredentialType.Scope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange, Requirements.Features.PushedAuthorizationRequests },
        };
        descriptor.Properties[ClientSectors.PropertyName] = JsonSerializer.SerializeToElement(ClientId);
        return descriptor;
    }
}

/// <summary>Seeds <see cref="WalletClient"/> after the database exists (registered after the database initializer).</summary>
internal sealed class WalletClientSeeder(IServiceProvider services, IOptions<IssuerOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(WalletClient.ClientId, cancellationToken) is null)
        {
            await applications.CreateAsync(WalletClient.Descriptor(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
