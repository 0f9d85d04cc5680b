namespace Identity.Issuer.Citizens;

/// <summary>
/// Turns a <see cref="CitizenDirectoryUnavailableException"/> that escapes an endpoint (token, credential, authorization) into
/// 503 with <c>Retry-After</c> and the OAuth error <c>temporarily_unavailable</c> (RFC 6749 §4.1.2.1), instead of a 500.
/// </summary>
internal static class CitizenDirectoryOutage
{
    public static IApplicationBuilder UseCitizenDirectoryOutage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (CitizenDirectoryUnavailableException exception) when (!context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CitizenDirectoryOutage))
                .LogError(exception, "Request refused: the citizen directory is unavailable");
            context.Response.Clear();
            await Hosting.ProtocolErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "temporarily_unavailable",
                "The citizen directory is temporarily unavailable; retry later.", retryAfterSeconds: "30");
        }
    });
}
