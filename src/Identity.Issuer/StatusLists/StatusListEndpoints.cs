using Microsoft.Net.Http.Headers;

namespace Identity.Issuer.StatusLists;

/// <summary>The status list token endpoint (draft-ietf-oauth-status-list-20 §8).</summary>
internal static class StatusListEndpoints
{
    public const string MediaType = "application/statuslist+jwt";

    public static IEndpointRouteBuilder MapStatusListEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/status-lists/{id}", GetAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, StatusListTokenService tokens)
    {
        // §8.1: the relying party asks for the JWT form with Accept; the CWT form is not published, so anything else gets 406.
        if (!AcceptsJwt(context.Request.Headers.Accept))
        {
            return Problem(StatusCodes.Status406NotAcceptable, StatusErrorCodes.StatusListFormatNotAcceptable, "Only application/statuslist+jwt is published.");
        }

        if (id.Length > 64)
        {
            return Problem(StatusCodes.Status404NotFound, StatusErrorCodes.StatusListNotFound, "No such status list.");
        }

        var token = await tokens.GetAsync(id, context.RequestAborted);
        return token is null
            ? Problem(StatusCodes.Status404NotFound, StatusErrorCodes.StatusListNotFound, "No such status list.")
            : Results.Text(token, MediaType);
    }

    private static bool AcceptsJwt(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (accept.Count == 0)
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var values))
        {
            return false;
        }

        return values.Any(v => v.Quality is not 0 && (v.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase)
            || v.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase) || v.MediaType.Equals("*/*", StringComparison.Ordinal)));
    }

    internal static IResult Problem(int status, string code, string title)
        => Results.Problem(title: title, statusCode: status, type: $"urn:identity:error:{code.ToLowerInvariant()}", extensions: new Dictionary<string, object?> { ["code"] = code });
}
