using Identity.Issuer.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Issuer.Pages;

/// <summary>Base of the citizen pages: the page language and its texts.</summary>
public abstract class CitizenPageModel : PageModel
{
    /// <summary>The page language (fr or en).</summary>
    public string Lang => UiLanguage.Current(HttpContext);

    /// <summary>The text for <paramref name="key"/> in the page language.</summary>
    public string T(string key) => UiText.Get(key, Lang);
}
