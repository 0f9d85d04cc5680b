using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Oidc.Handlers;

/// <summary>
/// Keeps out of the token table the tokens whose row nothing would ever read: one database insert less on the busiest paths.
/// <list type="bullet">
/// <item>Access tokens of the client_credentials grant: self-contained signed JWTs that nothing revokes one by one (no citizen,
/// no authorization chain).</item>
/// <item>ID tokens: read by the client (OpenID Connect Core §3.1.3.7), back at this server only as <c>id_token_hint</c> at
/// logout, where OpenIddict still checks their signature, lifetime and authorization entry; one insert less per code redemption
/// and per refresh.</item>
/// </list>
/// Codes, refresh tokens and the access tokens of the login flow are still stored (single use, rotation, chain revocation,
/// the credential endpoint's revocation check).
/// </summary>
internal sealed class SkipStorageOfUnrevokedTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
        .UseSingletonHandler<SkipStorageOfUnrevokedTokens>()
        .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TokenType == TokenTypeIdentifiers.IdentityToken
            || (context.TokenType == TokenTypeIdentifiers.AccessToken && context.Request is { } request && request.IsClientCredentialsGrantType()))
        {
            context.CreateTokenEntry = false;
        }

        return ValueTask.CompletedTask;
    }
}
