namespace Identity.Issuer.Hosting;

/// <summary>
/// Security headers on every response: a CSP without inline script, no framing (clickjacking on login and consent), no caching of
/// anything but static files. form-action is left open because the consent form's response redirects to the client. The one inline
/// script allowed is OpenIddict's response_mode=form_post auto-submit (OAuth 2.0 Form Post Response Mode §2), by its hash only.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>base64(SHA-256("document.form.submit();")), the script of OpenIddict's form_post page.</summary>
    internal const string FormPostScriptHash = "'sha256-j7OoGArf6XW6YY4cAyS3riSSvrJRqpSi1fOF9vQ5SrI='";

    private const string Policy = "default-src 'self'; script-src 'self' " + FormPostScriptHash + "; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (!context.Request.Path.StartsWithSegments("/css", StringComparison.Ordinal))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
