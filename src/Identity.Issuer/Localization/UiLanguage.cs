namespace Identity.Issuer.Localization;

/// <summary>
/// The page language: French by default, English on request through <c>ui_locales</c> (OpenID Connect Core §3.1.2.1) or the
/// language switch, remembered in a cookie.
/// </summary>
internal static class UiLanguage
{
    public const string CookieName = "ui_lang";
    public const string French = "fr";
    public const string English = "en";
    private const string ItemKey = "ui_lang";
    private const string ChosenSuffix = ".chosen";

    public static string Current(HttpContext context)
    {
        if (context.Items[ItemKey] is string cached)
        {
            return cached;
        }

        var cookie = context.Request.Cookies[CookieName];
        var chosen = (cookie is not null && cookie.EndsWith(ChosenSuffix, StringComparison.Ordinal) ? Normalize(cookie) : null)
            ?? FromLocales(context.Request.Query["ui_locales"].ToString())
            ?? Normalize(cookie)
            ?? French;
        context.Items[ItemKey] = chosen;
        return chosen;
    }

    /// <summary>
    /// Applies the first supported language of a ui_locales value and remembers it, unless the citizen chose a language with the
    /// switch: the citizen's own choice wins over the client's hint.
    /// </summary>
    public static void Apply(HttpContext context, string? uiLocales)
    {
        var cookie = context.Request.Cookies[CookieName];
        if (FromLocales(uiLocales) is { } language && (cookie is null || !cookie.EndsWith(ChosenSuffix, StringComparison.Ordinal)))
        {
            Remember(context, language, chosen: false);
        }
    }

    /// <summary>Remembers a language; <paramref name="chosen"/> marks the citizen's own choice.</summary>
    public static void Remember(HttpContext context, string language, bool chosen)
    {
        context.Items[ItemKey] = language;
        context.Response.Cookies.Append(CookieName, chosen ? language + ChosenSuffix : language, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
    }

    public static string Other(string language) => language == French ? English : French;

    public static string? Normalize(string? value) => value switch
    {
        null => null,
        _ when value.StartsWith(French, StringComparison.OrdinalIgnoreCase) => French,
        _ when value.StartsWith(English, StringComparison.OrdinalIgnoreCase) => English,
        _ => null,
    };

    private static string? FromLocales(string? uiLocales)
        => string.IsNullOrWhiteSpace(uiLocales)
            ? null
            : uiLocales.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Normalize).FirstOrDefault(l => l is not null);
}
