using Identity.Issuer.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Server.AspNetCore;

namespace Identity.Issuer.Pages.Connect;

/// <summary>
/// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2). OpenIddict has validated id_token_hint and refused any
/// post_logout_redirect_uri not registered for the client; the citizen confirms, then is returned there.
/// </summary>
public sealed class EndSessionModel : CitizenPageModel
{
    /// <summary>The request parameters, posted back with the confirmation.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    /// <summary>Asks for confirmation (§6: the OP should ask, so a forged link cannot sign the citizen out silently).</summary>
    public void OnGet() => Parameters = Request.Query.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())).ToList();

    /// <summary>Ends the session and returns to the client.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        // The login itself ends, not only this browser's cookie: a saved copy of the cookie no longer opens anything.
        var session = await HttpContext.AuthenticateAsync(IssuerServiceCollectionExtensions.CitizenScheme);
        await HttpContext.RequestServices.GetRequiredService<Login.CitizenSessions>().EndAsync(session.Principal, HttpContext.RequestAborted);
        await HttpContext.SignOutAsync(IssuerServiceCollectionExtensions.CitizenScheme);
        return SignOut(new AuthenticationProperties { RedirectUri = "/" }, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
