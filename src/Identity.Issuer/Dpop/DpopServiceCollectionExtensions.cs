using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Identity.Issuer.Dpop;

/// <summary>Registers DPoP (RFC 9449) on the OpenID Provider: token, PAR and userinfo endpoints, metadata.</summary>
internal static class DpopServiceCollectionExtensions
{
    /// <summary>Safe to call twice.</summary>
    public static IServiceCollection AddDpop(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(DpopProofs)))
        {
            return services;
        }

        services.TryAddSingleton<DpopProofs>();
        services.AddOpenIddict().AddServer(options =>
        {
            options.AddEventHandler(ValidateDpopProofAtTokenEndpoint.Descriptor);
            options.AddEventHandler(ValidateDpopBinding.Descriptor);
            options.AddEventHandler(BindIssuedTokensToDpopKey.Descriptor);
            options.AddEventHandler(AttachDpopTokenType.Descriptor);
            options.AddEventHandler(ValidateDpopJktAtPushedAuthorization.Descriptor);
            options.AddEventHandler(ValidateDpopJktAtAuthorization.Descriptor);
            options.AddEventHandler(ExtractDpopAccessToken.Descriptor);
            options.AddEventHandler(AttachDpopChallenge.Descriptor);
            options.AddEventHandler(AttachDpopMetadata.Descriptor);
        });
        return services;
    }
}
