using Identity.Issuer.Oidc;
using Identity.Tokens.Dpop;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Dpop;

/// <summary>
/// RFC 9449 §10: <c>dpop_jkt</c> in a pushed authorization request binds the code to a key. §10.1: a DPoP proof sent to the PAR
/// endpoint does the same; when both are sent they must name one key. The parameter is kept with the pushed request, so the
/// authorization endpoint sees it again and <see cref="BindIssuedTokensToDpopKey"/> puts it in the code.
/// </summary>
internal sealed class ValidateDpopJktAtPushedAuthorization : IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
        .UseSingletonHandler<ValidateDpopJktAtPushedAuthorization>()
        .SetOrder(int.MaxValue - 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var jkt = (string?)context.Request[DpopTransaction.JktParameter];
        if (jkt is not null && !DpopProofValidator.IsThumbprint(jkt))
        {
            context.Reject(Errors.InvalidRequest, IssuerErrorCodes.Describe(DpopErrorCodes.JktInvalid, "dpop_jkt must be the base64url SHA-256 JWK thumbprint of the DPoP key."));
            return ValueTask.CompletedTask;
        }

        if (DpopTransaction.GetProof(context.Transaction) is not { } proof)
        {
            return ValueTask.CompletedTask;
        }

        if (jkt is null)
        {
            context.Request[DpopTransaction.JktParameter] = proof.Thumbprint;
        }
        else if (!string.Equals(jkt, proof.Thumbprint, StringComparison.Ordinal))
        {
            context.Reject(DpopErrorCodes.InvalidDpopProof, IssuerErrorCodes.Describe(DpopErrorCodes.KeyMismatch, "The DPoP proof key is not the dpop_jkt of this request."));
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>RFC 9449 §10: <c>dpop_jkt</c> sent straight to the authorization endpoint must have the shape of a thumbprint.</summary>
internal sealed class ValidateDpopJktAtAuthorization : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
        .UseSingletonHandler<ValidateDpopJktAtAuthorization>()
        .SetOrder(int.MaxValue - 100_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var jkt = (string?)context.Request[DpopTransaction.JktParameter];
        if (jkt is not null && !DpopProofValidator.IsThumbprint(jkt))
        {
            context.Reject(Errors.InvalidRequest, IssuerErrorCodes.Describe(DpopErrorCodes.JktInvalid, "dpop_jkt must be the base64url SHA-256 JWK thumbprint of the DPoP key."));
        }

        return ValueTask.CompletedTask;
    }
}
