using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Oidc.Handlers;

/// <summary>Adds the discovery members OpenIddict does not produce itself (OpenID Connect Discovery §3): <c>acr_values_supported</c>.</summary>
internal sealed class AttachProviderMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
        .UseSingletonHandler<AttachProviderMetadata>()
        .SetOrder(int.MaxValue - 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Metadata["acr_values_supported"] = new OpenIddictParameter([.. AssuranceLevels.All]);
        context.Metadata["ui_locales_supported"] = new OpenIddictParameter(["fr", "en"]);
        context.Metadata["claims_parameter_supported"] = false;
        return ValueTask.CompletedTask;
    }
}
