using Identity.Issuer.Oid4Vci.Offers;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Oid4Vci.Token;

/// <summary>
/// OpenID4VCI §6.1 lets a wallet redeem a pre-authorized code without client_id (anonymous access). OpenIddict's
/// <c>AcceptAnonymousClients</c> opens that for every grant at the token, revocation and introspection endpoints, so this handler,
/// run just before OpenIddict's own client_id check, closes it again for everything but the pre-authorized code grant.
/// </summary>
internal sealed class RequireClientIdExceptPreAuthorizedCode : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
        .UseSingletonHandler<RequireClientIdExceptPreAuthorizedCode>()
        .SetOrder(OpenIddictServerHandlers.ValidateClientId.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.IsNullOrEmpty(context.ClientId)
            || context.EndpointType is not (OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.Revocation or OpenIddictServerEndpointType.Introspection))
        {
            return ValueTask.CompletedTask;
        }

        if (context.EndpointType == OpenIddictServerEndpointType.Token
            && string.Equals(context.Request?.GrantType, CredentialOfferFactory.PreAuthorizedGrantType, StringComparison.Ordinal))
        {
            return ValueTask.CompletedTask;
        }

        context.Reject(error: Errors.InvalidClient, description: "The client_id parameter is missing.");
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// RFC 8707 in the pre-authorized code grant: wallets send <c>resource</c> = the credential issuer identifier (OpenID4VCI §6.1,
/// §12.2.4). That resource is this service itself, so it is checked here and then dropped before OpenIddict's own resource checks,
/// which only know resources tied to an authorization; any other resource is refused with <c>invalid_target</c>.
/// </summary>
internal sealed class AcceptCredentialIssuerResource : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
        .UseSingletonHandler<AcceptCredentialIssuerResource>()
        .SetOrder(int.MinValue + 50_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.Equals(context.Request.GrantType, CredentialOfferFactory.PreAuthorizedGrantType, StringComparison.Ordinal))
        {
            return ValueTask.CompletedTask;
        }

        var resources = context.Request.GetResources();
        if (resources.IsDefaultOrEmpty)
        {
            return ValueTask.CompletedTask;
        }

        var issuer = (context.Options.Issuer ?? context.BaseUri)?.AbsoluteUri.TrimEnd('/');
        if (issuer is null || resources.Any(r => !string.Equals(r.TrimEnd('/'), issuer, StringComparison.Ordinal)))
        {
            context.Reject(error: Errors.InvalidTarget, description: "The only resource of this grant is the credential issuer.");
            return ValueTask.CompletedTask;
        }

        context.Request.RemoveParameter(Parameters.Resource);
        return ValueTask.CompletedTask;
    }
}

/// <summary>OpenID4VCI §12.3: the authorization server metadata says a pre-authorized code can be redeemed without client_id.</summary>
internal sealed class AttachPreAuthorizedGrantMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
        .UseSingletonHandler<AttachPreAuthorizedGrantMetadata>()
        .SetOrder(int.MaxValue - 99_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Metadata["pre-authorized_grant_anonymous_access_supported"] = true;
        return ValueTask.CompletedTask;
    }
}
