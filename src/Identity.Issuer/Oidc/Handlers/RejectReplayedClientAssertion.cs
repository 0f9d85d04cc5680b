using Identity.State;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Oidc.Handlers;

/// <summary>
/// private_key_jwt: a client assertion must carry a <c>jti</c> and be used once (OpenID Connect Core §9, RFC 7523 §3 item 7).
/// Used identifiers are kept in the shared replay cache until the assertion expires, so every replica refuses a replay.
/// </summary>
internal sealed class RejectReplayedClientAssertion(IReplayCache replayCache, TimeProvider timeProvider) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    /// <summary>Runs after OpenIddict has validated the assertion (signature, issuer, audience, lifetime).</summary>
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireClientAssertionPrincipal>()
        .UseScopedHandler<RejectReplayedClientAssertion>()
        .SetOrder(OpenIddictServerHandlers.ValidateClientAssertion.Descriptor.Order + 500)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.ClientAssertionPrincipal!;
        var jti = principal.GetClaim(Claims.JwtId);
        if (string.IsNullOrEmpty(jti) || jti.Length > 256)
        {
            context.Logger.LogInformation("Client assertion refused: {Code}", IssuerErrorCodes.ClientAssertionJtiMissing);
            context.Reject(Errors.InvalidClient, IssuerErrorCodes.Describe(IssuerErrorCodes.ClientAssertionJtiMissing, "The client assertion must contain a jti claim."));
            return;
        }

        var expiresAt = principal.GetExpirationDate() ?? timeProvider.GetUtcNow().AddMinutes(10);
        var clientId = principal.GetClaim(Claims.Subject) ?? context.ClientId ?? string.Empty;
        if (!await replayCache.TryUseAsync($"client_assertion:{clientId}:{jti}", expiresAt, context.CancellationToken))
        {
            context.Logger.LogWarning("Client assertion refused: {Code} for client {ClientId}", IssuerErrorCodes.ClientAssertionReplayed, clientId);
            context.Reject(Errors.InvalidClient, IssuerErrorCodes.Describe(IssuerErrorCodes.ClientAssertionReplayed, "This client assertion was already used."));
        }
    }
}
