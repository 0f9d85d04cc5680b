using System.Net;
using Identity.Issuer.Localization;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Pages.Attestations;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests;

/// <summary>
/// French typography of every citizen page text (Office québécois de la langue française): typographic apostrophe, no-break space
/// (U+00A0) before a colon and inside « guillemets », narrow no-break space (U+202F) before ; ! ?, and HTML that carries them intact.
/// </summary>
public sealed class FrenchTypographyTests
{
    private const char NoBreakSpace = '\u00A0';
    private const char NarrowNoBreakSpace = '\u202F';

    public static TheoryData<string, string> FrenchTexts()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in UiText.Keys)
        {
            data.Add("ui:" + key, UiText.Get(key, UiLanguage.French));
        }

        foreach (var key in AttestationText.Keys)
        {
            data.Add("attestations:" + key, AttestationText.Get(key, UiLanguage.French));
        }

        // What wallets show of the credential type (issuer metadata and vct type metadata).
        data.Add("credential:name", IdentityCredentialType.NameFr);
        data.Add("credential:description", IdentityCredentialType.DescriptionFr);
        foreach (var claim in IdentityCredentialType.Claims)
        {
            data.Add("credential:" + string.Join('.', claim.Path), claim.French);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FrenchTexts))]
    public void French_text_follows_french_typography(string key, string text)
    {
        Assert.False(text.Contains('\'', StringComparison.Ordinal), $"{key}: straight apostrophe instead of ’ in «{text}»");
        Assert.False(text.Contains('"', StringComparison.Ordinal), $"{key}: straight quotes instead of « » in «{text}»");
        for (var i = 0; i < text.Length; i++)
        {
            var before = i > 0 ? text[i - 1] : '\0';
            var after = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (text[i])
            {
                case ':':
                    Assert.True(before == NoBreakSpace, $"{key}: no U+00A0 before ':' in «{text}»");
                    break;
                case ';' or '!' or '?':
                    Assert.True(before is NarrowNoBreakSpace or NoBreakSpace, $"{key}: no U+202F before '{text[i]}' in «{text}»");
                    break;
                case '«':
                    Assert.True(after is NoBreakSpace or NarrowNoBreakSpace, $"{key}: no no-break space after « in «{text}»");
                    break;
                case '»':
                    Assert.True(before is NoBreakSpace or NarrowNoBreakSpace, $"{key}: no no-break space before » in «{text}»");
                    break;
                case ' ' when after is ':' or ';' or '!' or '?' or '»':
                    Assert.Fail($"{key}: ordinary space before '{after}' in «{text}»");
                    break;
            }
        }
    }

    [Fact]
    public void English_texts_keep_english_punctuation()
    {
        Assert.Equal("Error:", UiText.Get("login.error.prefix", UiLanguage.English));
        Assert.Equal("Do you want to sign out?", UiText.Get("logout.question", UiLanguage.English));
    }

    [Fact]
    public async Task Login_error_shows_the_no_break_space_and_the_typographic_apostrophe()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var response = await OidcFlow.LoginAsync(http, "/login", OidcFlow.Citizen, "wrong-password");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        // The encoder may write the no-break space as &#xA0;: what the browser shows is the decoded text.
        var text = WebUtility.HtmlDecode(html);
        Assert.True(html.Contains("Erreur\u00A0:", StringComparison.Ordinal) || html.Contains("Erreur&#xA0;:", StringComparison.Ordinal));
        Assert.Contains("<label for=\"username\">Nom d’utilisateur</label>", text, StringComparison.Ordinal);
        Assert.Contains("Erreur\u00A0: Nom d’utilisateur ou mot de passe incorrect.", text, StringComparison.Ordinal);
        // The apostrophe is never turned into an entity that a text match or a screen reader would trip over.
        Assert.DoesNotContain("&#x27;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("&#39;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_page_puts_the_colon_in_the_language_of_the_page()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        // An authorization request without parameters cannot be answered to a client: OpenIddict's error goes to the error page.
        var french = WebUtility.HtmlDecode(await (await http.GetAsync("/connect/authorize")).Content.ReadAsStringAsync());
        using var english = new HttpRequestMessage(HttpMethod.Get, "/connect/authorize");
        english.Headers.Add("Cookie", UiLanguage.CookieName + "=en.chosen");
        var englishText = WebUtility.HtmlDecode(await (await http.SendAsync(english)).Content.ReadAsStringAsync());

        Assert.Contains("Code d’erreur\u00A0: <code id=\"error-code\">", french, StringComparison.Ordinal);
        Assert.Contains("Error code: <code id=\"error-code\">", englishText, StringComparison.Ordinal);
    }
}
