namespace Identity.Issuer.Hosting;

/// <summary>The one shape of an error answered by middleware before any endpoint runs: OAuth's <c>error</c> and <c>error_description</c> (RFC 6749 §5.2) as JSON.</summary>
internal static class ProtocolErrors
{
    public static Task WriteAsync(HttpContext context, int status, string error, string description, string? retryAfterSeconds = null)
    {
        context.Response.StatusCode = status;
        if (retryAfterSeconds is not null)
        {
            context.Response.Headers.RetryAfter = retryAfterSeconds;
        }

        return context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description });
    }
}
