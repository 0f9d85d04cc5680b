using Identity.Issuer.Configuration;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Hosting;

/// <summary>
/// Transport rules outside Development (unless Issuer:AllowInsecureHttp, itself loopback-only there): every cookie is
/// <c>Secure</c>; https responses carry HSTS (RFC 6797, one year); a plain-http request is never served: GET and HEAD are
/// redirected to the same path on the https issuer, anything else is refused with <c>invalid_request</c>.
/// </summary>
internal static class Transport
{
    public static bool RequiresHttps(IHostEnvironment environment, IssuerOptions options) => !environment.IsDevelopment() && !options.AllowInsecureHttp;

    public static IServiceCollection AddTransportSecurity(this IServiceCollection services)
    {
        services.AddOptions<CookieAuthenticationOptions>(IssuerServiceCollectionExtensions.CitizenScheme)
            .Configure<IOptions<IssuerOptions>, IHostEnvironment>((cookie, issuer, environment) =>
            {
                if (RequiresHttps(environment, issuer.Value))
                {
                    cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                }
            });
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<IssuerOptions>, IHostEnvironment>((antiforgery, issuer, environment) =>
        {
            if (RequiresHttps(environment, issuer.Value))
            {
                antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            }
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        return services;
    }

    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        var issuer = app.Services.GetRequiredService<IOptions<IssuerOptions>>().Value;
        if (!RequiresHttps(app.Environment, issuer))
        {
            return app;
        }

        app.UseHsts();
        var httpsIssuer = Uri.TryCreate(issuer.IssuerUri, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? uri : null;
        app.Use((context, next) =>
        {
            if (context.Request.IsHttps)
            {
                return next(context);
            }

            if (httpsIssuer is not null && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            {
                context.Response.Redirect(httpsIssuer.GetLeftPart(UriPartial.Authority) + context.Request.PathBase + context.Request.Path + context.Request.QueryString, permanent: true);
                return Task.CompletedTask;
            }

            return ProtocolErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request", "This service is served over https only.");
        });
        return app;
    }
}
