using Identity.Issuer.Oid4Vci.Credentials;
using Identity.Issuer.Oid4Vci.Keys;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Oid4Vci.Nonces;
using Identity.Issuer.Oid4Vci.Offers;
using Identity.Issuer.Oid4Vci.Token;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Oid4Vci;

/// <summary>Registers the OpenID4VCI credential issuer on top of the OpenID Provider.</summary>
internal static class Oid4VciServiceCollectionExtensions
{
    /// <summary>Options, keys, offers, the pre-authorized code grant, nonce and credential endpoints. Safe to call twice.</summary>
    public static IServiceCollection AddOid4Vci(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(CredentialSigningKeys)))
        {
            return services;
        }

        services.AddOptions<Oid4VciOptions>().Bind(configuration.GetSection(Oid4VciOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Oid4VciOptions>, Oid4VciOptionsValidator>());
        services.AddHttpContextAccessor();
        services.TryAddSingleton<CredentialSigningKeys>();
        services.TryAddSingleton<PreAuthorizedCodes>();
        services.TryAddSingleton<WalletGrants>();
        services.TryAddSingleton<NonceService>();
        services.TryAddScoped<AccessTokenRevocation>();
        services.TryAddScoped<AccessTokenValidator>();
        services.TryAddSingleton<VerifiedAccessTokens>();
        services.TryAddSingleton<IdentityCredentialBuilder>();
        services.TryAddScoped<ICredentialOfferFactory, CredentialOfferFactory>();
        services.TryAddScoped<PreAuthorizedCodeGrant>();
        services.TryAddScoped<CredentialEndpoint>();
        services.AddHostedService<WalletClientSeeder>();

        services.AddOpenIddict().AddServer(options =>
        {
            // §6.1: the pre-authorized code grant at the token endpoint, possibly without client_id (§12.3).
            options.AllowCustomFlow(CredentialOfferFactory.PreAuthorizedGrantType);
            options.AcceptAnonymousClients();
            options.RegisterScopes(IdentityCredentialType.Scope);
            options.AddEventHandler(RequireClientIdExceptPreAuthorizedCode.Descriptor);
            options.AddEventHandler(AttachPreAuthorizedGrantMetadata.Descriptor);
            options.AddEventHandler(AcceptCredentialIssuerResource.Descriptor);
        });
        return services;
    }
}
