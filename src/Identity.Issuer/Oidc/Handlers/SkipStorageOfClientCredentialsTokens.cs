using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Oidc.Handlers;

/// <summary>
/// Access tokens from the client_credentials grant are self-contained signed JWTs that nothing revokes one by one (no citizen, no
/// authorization chain), so they are not written to the token table: one database insert less per request on the busiest grant.
/// Tokens of the login flow (codes, refresh tokens, access tokens bound to an authorization) are still stored and revocable.
/// </summary>
internal sealed class SkipStorageOfClientCredentialsTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
        .UseSingletonHandler<SkipStorageOfClientCredentialsTokens>()
        .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TokenType == TokenTypeIdentifiers.AccessToken && context.Request is { } request && request.IsClientCredentialsGrantType())
        {
            context.CreateTokenEntry = false;
        }

        return ValueTask.CompletedTask;
    }
}
