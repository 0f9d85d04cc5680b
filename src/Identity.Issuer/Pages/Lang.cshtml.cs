using Identity.Issuer.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Issuer.Pages;

/// <summary>The language switch: remembers the choice in a cookie and returns to the page (local URLs only).</summary>
public sealed class LangModel : CitizenPageModel
{
    /// <summary>Switches the language.</summary>
    public IActionResult OnGet(string? c, string? returnUrl)
    {
        UiLanguage.Remember(HttpContext, UiLanguage.Normalize(c) ?? UiLanguage.French, chosen: true);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
