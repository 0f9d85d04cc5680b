using Microsoft.AspNetCore.Http.Features;

namespace Identity.Issuer.Hosting;

/// <summary>
/// Refuses malformed request framing before any endpoint sees it, with OAuth's <c>invalid_request</c> (RFC 6749 §5.2) as JSON:
/// more than one <c>Content-Type</c>, and a form body beyond the form limits (1,024 fields, 2,048-character keys, 4 MiB values:
/// ASP.NET Core's <see cref="FormOptions"/> defaults). The form is read here, once, so endpoints then use the buffered form
/// instead of failing inside OpenIddict with a 500. <see cref="UseJsonApiErrors"/> answers 404 and 405 of the JSON APIs as JSON.
/// </summary>
internal static class RequestGuard
{
    // Not /connect/authorize nor /connect/endsession: a browser reaches those, and their errors are the citizen's error page.
    private static readonly string[] JsonApiPrefixes =
        ["/connect/token", "/connect/par", "/connect/revoke", "/connect/userinfo", "/oid4vci", "/admin", "/status-lists", "/.well-known"];

    public static IApplicationBuilder UseRequestGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Headers.ContentType.Count > 1)
        {
            await RefuseAsync(context, "The request has more than one Content-Type header.");
            return;
        }

        if (request.HasFormContentType)
        {
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or InvalidOperationException)
            {
                await RefuseAsync(context, "The form body is malformed or beyond the limits (1,024 fields, 2,048-character names, 4 MiB values).");
                return;
            }
        }

        await next(context);
    });

    /// <summary>
    /// After the status code pages: the JSON APIs answer an empty 404 or 405 as JSON instead of re-executing the citizen's HTML
    /// error page.
    /// </summary>
    public static IApplicationBuilder UseJsonApiErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsJsonApi(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        await next(context);
        if (context.Response is { HasStarted: false, StatusCode: StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed }
            && context.Response.ContentLength is null)
        {
            var notFound = context.Response.StatusCode == StatusCodes.Status404NotFound;
            await ProtocolErrors.WriteAsync(context, context.Response.StatusCode, notFound ? "not_found" : "method_not_allowed",
                notFound ? "No such endpoint." : "This endpoint does not accept the " + context.Request.Method + " method.");
        }
    });

    /// <summary>The protocol endpoints, whose clients are programs: errors in JSON, not the citizen's HTML error page.</summary>
    public static bool IsJsonApi(PathString path) => JsonApiPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private static Task RefuseAsync(HttpContext context, string description)
        => ProtocolErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request", description);
}
