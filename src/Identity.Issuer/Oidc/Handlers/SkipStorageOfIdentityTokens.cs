using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Oidc.Handlers;

/// <summary>
/// ID tokens are read by the client (OpenID Connect Core §3.1.3.7) and come back to this server only as <c>id_token_hint</c> at
/// logout, where OpenIddict still checks their signature, lifetime and authorization entry. Nothing revokes an ID token on its own,
/// so its row in the token table was never read: one database insert less per code redemption and per refresh. Codes, refresh
/// tokens and the access tokens of the login flow are still stored (single use, rotation, chain revocation, introspection).
/// </summary>
internal sealed class SkipStorageOfIdentityTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
        .UseSingletonHandler<SkipStorageOfIdentityTokens>()
        .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TokenType == TokenTypeIdentifiers.IdentityToken)
        {
            context.CreateTokenEntry = false;
        }

        return ValueTask.CompletedTask;
    }
}
