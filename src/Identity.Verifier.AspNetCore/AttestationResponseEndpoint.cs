using System.Text.Json.Nodes;
using Identity.Verifier.Oid4Vp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Identity.Verifier.AspNetCore;

/// <summary>Maps the OpenID4VP <c>direct_post</c> response endpoint.</summary>
public static partial class AttestationResponseEndpoint
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c>: the wallet posts <c>vp_token</c> and <c>state</c> as a form (OpenID4VP 1.0 §8.2).
    /// The response is processed by <see cref="OpenId4VpVerifier"/>, handed to <see cref="AttestationVerifierServiceOptions.OnResponse"/>,
    /// and answered with 200 and an optional <c>redirect_uri</c>, or 400 and an OAuth-style error.
    /// </summary>
    public static IEndpointConventionBuilder MapAttestationResponse(this IEndpointRouteBuilder endpoints, string pattern = "/vp/response")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, HandleAsync).DisableAntiforgery().WithName("AttestationResponse");
    }

    private static async Task<IResult> HandleAsync(HttpContext context, OpenId4VpVerifier verifier, IOptions<AttestationVerifierServiceOptions> options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Identity.Verifier.AspNetCore.AttestationResponse");
        if (!context.Request.HasFormContentType)
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, "invalid_request", "The response must be application/x-www-form-urlencoded.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = options.Value.MaxResponseBodyBytes;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(new FormOptions { ValueLengthLimit = (int)options.Value.MaxResponseBodyBytes }, context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "The response body is malformed or too large.");
        }

        var fields = form.ToDictionary(f => f.Key, f => f.Value.Count == 1 ? f.Value[0] : null, StringComparer.Ordinal);
        var result = await verifier.ProcessResponseAsync(fields, context.RequestAborted);

        // Codes and states only: never the presentation or its claims.
        if (result.IsValid)
        {
            LogAccepted(logger, result.Credentials.Count);
        }
        else
        {
            LogRefused(logger, result.Error.Code);
        }

        var redirect = options.Value.OnResponse is { } callback ? await callback(context, result) : null;
        if (!result.IsValid)
        {
            return Error(StatusCodes.Status400BadRequest, result.Error.SpecError ?? "invalid_request", result.Error.Description, redirect);
        }

        var body = new JsonObject();
        if (redirect is not null)
        {
            body["redirect_uri"] = redirect.AbsoluteUri;
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: StatusCodes.Status200OK);
    }

    private static IResult Error(int status, string error, string description, Uri? redirect = null)
    {
        var body = new JsonObject { ["error"] = error, ["error_description"] = description };
        if (redirect is not null)
        {
            body["redirect_uri"] = redirect.AbsoluteUri;
        }

        return Results.Text(body.ToJsonString(), "application/json", statusCode: status);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "OpenID4VP response accepted with {Count} credential(s)")]
    private static partial void LogAccepted(ILogger logger, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "OpenID4VP response refused: {Code}")]
    private static partial void LogRefused(ILogger logger, string code);
}
