using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Oidc.Handlers;

/// <summary>
/// OpenIddict 7 accepts only client assertions typed <c>client-authentication+jwt</c> (draft-ietf-oauth-rfc7523bis). RFC 7523 §3 sets no
/// <c>typ</c>, and most client libraries send <c>JWT</c> or nothing, so these two handlers also accept a generic JWT as a client
/// assertion. This does not weaken the check that matters: the assertion must still be signed by a key registered for the client, and
/// its issuer, audience, lifetime and single use are still verified.
/// </summary>
internal static class AcceptGenericClientAssertionType
{
    private static readonly string[] GenericTypes = ["JWT", "application/JWT"];

    private static bool ExpectsOnlyClientAssertion(ValidateTokenContext context)
        => context.ValidTokenTypes.Count == 1 && context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion);

    /// <summary>Adds the generic JWT types to the accepted <c>typ</c> values of a client assertion.</summary>
    internal sealed class WidenValidTypes : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<WidenValidTypes>()
            .SetOrder(OpenIddictServerHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (ExpectsOnlyClientAssertion(context) && context.TokenValidationParameters.ValidTypes is { } types)
            {
                context.TokenValidationParameters.ValidTypes = [.. types, .. GenericTypes];
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>OpenIddict reads a generic JWT as an ID token; when only a client assertion was expected, it is one.</summary>
    internal sealed class RestoreTokenType : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<RestoreTokenType>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (ExpectsOnlyClientAssertion(context) && context.Principal is { } principal && principal.GetTokenType() == TokenTypeIdentifiers.IdentityToken)
            {
                context.Principal = principal.SetTokenType(TokenTypeIdentifiers.Private.ClientAssertion);
            }

            return ValueTask.CompletedTask;
        }
    }
}
