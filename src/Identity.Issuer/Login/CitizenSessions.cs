using System.Security.Claims;
using Identity.Issuer.Pages;
using Identity.State;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Identity.Issuer.Login;

/// <summary>
/// Ends a citizen's session for good at logout. The session cookie is self-contained, so a copy saved before logout would still
/// open the pages until it expires; the login's random id is therefore recorded as ended in the shared store (every replica sees
/// it) for as long as any cookie of that login can live, and every cookie is checked against it.
/// </summary>
internal sealed class CitizenSessions(IEphemeralStore store)
{
    /// <summary>How long a session cookie lives (no sliding expiration); an ended login is remembered this long and a minute more.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromMinutes(30);

    private static readonly byte[] Marker = [1];

    public async Task EndAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken)
    {
        if (principal?.FindFirst(LoginModel.LoginIdClaim)?.Value is { Length: > 0 } login)
        {
            await store.TryAddAsync(Key(login), Marker, CookieLifetime + TimeSpan.FromMinutes(1), cancellationToken);
        }
    }

    /// <summary>The cookie handler's check on every request: a cookie without a login id, or of an ended login, signs nobody in.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var login = context.Principal?.FindFirst(LoginModel.LoginIdClaim)?.Value;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<CitizenSessions>();
        if (string.IsNullOrEmpty(login) || await sessions.HasEndedAsync(login, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
        }
    }

    private async Task<bool> HasEndedAsync(string login, CancellationToken cancellationToken)
        => await store.GetAsync(Key(login), cancellationToken) is not null;

    private static string Key(string login) => "session-ended:" + login;
}
