using Identity.Tokens.Dpop;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Microsoft.AspNetCore;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Issuer.Dpop;

/// <summary>
/// RFC 9449 §7.1: at userinfo, <c>Authorization: DPoP &lt;token&gt;</c> is read like a Bearer token (OpenIddict reads only
/// Bearer) and the request is marked as DPoP, so that the token must be bound and errors are DPoP challenges.
/// </summary>
internal sealed class ExtractDpopAccessToken : IOpenIddictServerHandler<ExtractUserInfoRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractUserInfoRequestContext>()
        .UseSingletonHandler<ExtractDpopAccessToken>()
        .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractAccessToken<ExtractUserInfoRequestContext>.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ExtractUserInfoRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var authorization = context.Transaction.GetHttpRequest()?.Headers.Authorization.ToString();
        if (authorization is not null && authorization.StartsWith(DpopProofs.Scheme + " ", StringComparison.OrdinalIgnoreCase) && context.Request is { } request)
        {
            request.AccessToken = authorization[(DpopProofs.Scheme.Length + 1)..].Trim();
            DpopTransaction.SetDpopScheme(context.Transaction);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// RFC 9449 §7.1: errors of a DPoP request at userinfo are 401 with a <c>DPoP</c> challenge naming the accepted algorithms;
/// a bound token sent as Bearer (§7.2) gets the DPoP challenge too, so the client learns which scheme to use.
/// </summary>
internal sealed class AttachDpopChallenge : IOpenIddictServerHandler<ApplyUserInfoResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyUserInfoResponseContext>()
        .UseSingletonHandler<AttachDpopChallenge>()
        .SetOrder(OpenIddictServerAspNetCoreHandlers.AttachWwwAuthenticateHeader<ApplyUserInfoResponseContext>.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ApplyUserInfoResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var error = context.Transaction.Response?.Error;
        var description = context.Transaction.Response?.ErrorDescription ?? string.Empty;
        if (string.IsNullOrEmpty(error) || context.Transaction.GetHttpRequest()?.HttpContext.Response is not { } response)
        {
            return ValueTask.CompletedTask;
        }

        var dpop = DpopTransaction.UsesDpopScheme(context.Transaction) || error == DpopErrorCodes.InvalidDpopProof
            || description.StartsWith(DpopErrorCodes.BoundTokenAsBearer, StringComparison.Ordinal);
        if (!dpop)
        {
            return ValueTask.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers[HeaderNames.WWWAuthenticate] =
            $"{DpopProofs.Scheme} error=\"{error}\", error_description=\"{description.Replace("\"", "'", StringComparison.Ordinal)}\", algs=\"{DpopProofs.Algorithms}\"";
        return ValueTask.CompletedTask;
    }
}

/// <summary>RFC 9449 §5.1: <c>dpop_signing_alg_values_supported</c> in the authorization server metadata.</summary>
internal sealed class AttachDpopMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
        .UseSingletonHandler<AttachDpopMetadata>()
        .SetOrder(int.MaxValue - 98_000)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Metadata["dpop_signing_alg_values_supported"] = new OpenIddictParameter([.. DpopProofs.Options.AllowedAlgorithms]);
        return ValueTask.CompletedTask;
    }
}
