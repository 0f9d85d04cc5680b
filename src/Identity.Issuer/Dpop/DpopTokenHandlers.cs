using Identity.Issuer.Oidc;
using Identity.Tokens.Dpop;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Dpop;

/// <summary>
/// RFC 9449 §5, §10.1: at the token and PAR endpoints, a DPoP header is verified before anything else (client authentication
/// included) and its key kept for the rest of the request. A request without the header goes on as a Bearer request.
/// </summary>
internal sealed class ValidateDpopProofAtTokenEndpoint(DpopProofs proofs) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
        .UseSingletonHandler<ValidateDpopProofAtTokenEndpoint>()
        .SetOrder(OpenIddictServerHandlers.ValidateClientId.Descriptor.Order - 10)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.EndpointType is not (OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.PushedAuthorization)
            || context.Transaction.GetHttpRequest() is not { } request || !DpopProofs.HasProof(request))
        {
            return;
        }

        var result = await proofs.ValidateAsync(request, DpopTransaction.EndpointUri(context), accessToken: null, context.CancellationToken);
        if (!result.IsSuccess)
        {
            context.Logger.LogInformation("DPoP proof refused at the {Endpoint} endpoint: {Code}", context.EndpointType, result.Error.Code);
            context.Reject(DpopErrorCodes.InvalidDpopProof, IssuerErrorCodes.Describe(result.Error.Code, result.Error.Description));
            return;
        }

        DpopTransaction.SetProof(context.Transaction, result.Value);
    }
}

/// <summary>
/// RFC 9449 §5, §7, §10: a token or grant bound to a key is only honoured with a proof by that key. Runs just before OpenIddict's
/// own proof-of-possession check (which knows only mTLS and would fail on <c>cnf.jkt</c>) and takes over for DPoP-bound tokens:
/// authorization codes bound by <c>dpop_jkt</c> and refresh tokens at the token endpoint, access tokens at userinfo.
/// </summary>
internal sealed class ValidateDpopBinding(DpopProofs proofs) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenProofOfPossessionValidationEnabled>()
        .UseSingletonHandler<ValidateDpopBinding>()
        .SetOrder(OpenIddictServerHandlers.Protection.ValidateProofOfPossession.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is not { } principal)
        {
            return;
        }

        var confirmed = DpopProofs.BoundThumbprint(principal.GetClaim(DpopTransaction.ConfirmationClaim));
        var bound = confirmed ?? principal.GetClaim(DpopTransaction.CodeBindingClaim);
        if (confirmed is not null)
        {
            // OpenIddict's check understands x5t#S256 only; a jkt confirmation is verified here instead.
            context.DisableProofOfPossessionValidation = true;
        }

        if (context.EndpointType == OpenIddictServerEndpointType.UserInfo)
        {
            await ValidateAtResourceAsync(context, bound);
            return;
        }

        if (bound is null || context.EndpointType != OpenIddictServerEndpointType.Token)
        {
            return;
        }

        // §5 (refresh tokens of public clients) and §10 (dpop_jkt): the grant needs a proof by the bound key.
        var proof = DpopTransaction.GetProof(context.Transaction);
        if (proof is null)
        {
            Reject(context, DpopErrorCodes.InvalidDpopProof, DpopErrorCodes.ProofMissing, "This grant is bound to a DPoP key: send a DPoP proof by that key.");
        }
        else if (!string.Equals(proof.Thumbprint, bound, StringComparison.Ordinal))
        {
            Reject(context, DpopErrorCodes.InvalidDpopProof, DpopErrorCodes.KeyMismatch, "The DPoP proof is not signed by the key this grant is bound to.");
        }
    }

    /// <summary>§7.1, §7.2: a bound access token only with the DPoP scheme and a proof (with <c>ath</c>) by its key; DPoP only for bound tokens.</summary>
    private async Task ValidateAtResourceAsync(ValidateTokenContext context, string? bound)
    {
        var dpopScheme = DpopTransaction.UsesDpopScheme(context.Transaction);
        if (bound is null)
        {
            if (dpopScheme)
            {
                Reject(context, Errors.InvalidToken, DpopErrorCodes.TokenNotBound, "This access token is not DPoP-bound; send it with the Bearer scheme.");
            }

            return;
        }

        if (!dpopScheme)
        {
            Reject(context, Errors.InvalidToken, DpopErrorCodes.BoundTokenAsBearer, "This access token is DPoP-bound; send it with the DPoP scheme and a DPoP proof.");
            return;
        }

        var request = context.Transaction.GetHttpRequest()!;
        var result = await proofs.ValidateAsync(request, DpopTransaction.EndpointUri(context), context.Token, context.CancellationToken);
        if (!result.IsSuccess)
        {
            Reject(context, DpopErrorCodes.InvalidDpopProof, result.Error.Code, result.Error.Description);
        }
        else if (!string.Equals(result.Value.Thumbprint, bound, StringComparison.Ordinal))
        {
            Reject(context, DpopErrorCodes.InvalidDpopProof, DpopErrorCodes.KeyMismatch, "The DPoP proof is not signed by the key this access token is bound to.");
        }
    }

    private static void Reject(ValidateTokenContext context, string error, string code, string description)
    {
        context.Logger.LogInformation("DPoP-bound token refused at the {Endpoint} endpoint: {Code}", context.EndpointType, code);
        context.Reject(error, IssuerErrorCodes.Describe(code, description));
    }
}

/// <summary>
/// RFC 9449 §5, §6.1, §10: binds what is issued to the proof key. Access tokens get <c>cnf.jkt</c>; refresh tokens of public clients
/// too (those of confidential clients stay bound to the client's authentication instead, §5); an authorization code gets the
/// <c>dpop_jkt</c> of its request.
/// </summary>
internal sealed class BindIssuedTokensToDpopKey(OpenIddict.Abstractions.IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
        .UseScopedHandler<BindIssuedTokensToDpopKey>()
        .SetOrder(OpenIddictServerHandlers.GenerateAccessToken.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The code binding is for the code exchange only; it never travels on in a refresh token.
        context.RefreshTokenPrincipal?.RemoveClaims(DpopTransaction.CodeBindingClaim);

        if (context.EndpointType == OpenIddictServerEndpointType.Authorization && context.AuthorizationCodePrincipal is { } code
            && (string?)context.Request?[DpopTransaction.JktParameter] is { Length: > 0 } jkt)
        {
            code.SetClaim(DpopTransaction.CodeBindingClaim, jkt);
            return;
        }

        if (context.EndpointType != OpenIddictServerEndpointType.Token || DpopTransaction.GetProof(context.Transaction) is not { } proof)
        {
            return;
        }

        var confirmation = DpopProofs.Confirmation(proof.Thumbprint);
        context.AccessTokenPrincipal?.SetClaim(DpopTransaction.ConfirmationClaim, confirmation);
        if (context.RefreshTokenPrincipal is { } refresh && await IsPublicClientAsync(context.ClientId, context.CancellationToken))
        {
            refresh.SetClaim(DpopTransaction.ConfirmationClaim, confirmation);
        }
    }

    private async Task<bool> IsPublicClientAsync(string? clientId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return true; // anonymous pre-authorized code redemption (OpenID4VCI §6.1)
        }

        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        return application is null || await applications.HasClientTypeAsync(application, ClientTypes.Public, cancellationToken);
    }
}

/// <summary>RFC 9449 §5.1: a DPoP-bound access token is returned with <c>token_type</c> DPoP.</summary>
internal sealed class AttachDpopTokenType : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
        .UseSingletonHandler<AttachDpopTokenType>()
        .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IncludeAccessToken && DpopProofs.BoundThumbprint(context.AccessTokenPrincipal?.GetClaim(DpopTransaction.ConfirmationClaim)) is not null)
        {
            context.Response.TokenType = DpopProofs.Scheme;
        }

        return ValueTask.CompletedTask;
    }
}
