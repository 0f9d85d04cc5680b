using System.Net;
using System.Text.RegularExpressions;
using Identity.Issuer.Citizens;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests;

/// <summary>What a citizen sees: plain-language errors in their language, a home page that leads somewhere, dates in their time zone.</summary>
public sealed partial class CitizenPagesTests
{
    [Fact]
    public async Task An_error_page_explains_in_the_citizens_language_and_shows_no_english_developer_text()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var pushed = await OidcFlow.PushAsync(http, request);
        var url = OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!);
        Assert.NotNull((await OidcFlow.AuthorizeAsync(http, url)).Code);

        var reused = await (await http.GetAsync(url)).Content.ReadAsStringAsync();

        Assert.Contains("Ce lien a déjà servi ou a expiré", reused, StringComparison.Ordinal);
        Assert.DoesNotContain("The specified", reused, StringComparison.Ordinal);
        Assert.DoesNotContain("openiddict.com", reused, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("id=\"error-back\" href=\"/\"", reused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_page_leads_to_login_and_then_to_the_attestations_and_logout()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        var signedOut = await (await http.GetAsync("/")).Content.ReadAsStringAsync();
        await OidcFlow.LoginAsync(http, "/login", OidcFlow.Citizen, SeededCitizenDirectory.DemoPassword);
        var signedIn = await (await http.GetAsync("/")).Content.ReadAsStringAsync();
        var favicon = await http.GetAsync("/favicon.svg");

        Assert.Contains("id=\"home-login\" href=\"/login?ReturnUrl=%2Fattestations\"", signedOut, StringComparison.Ordinal);
        Assert.DoesNotContain("nav-logout", signedOut, StringComparison.Ordinal);
        Assert.Contains("id=\"home-attestations\" href=\"/attestations\"", signedIn, StringComparison.Ordinal);
        Assert.Contains("id=\"nav-logout\" href=\"/connect/endsession\"", signedIn, StringComparison.Ordinal);
        Assert.Contains("rel=\"icon\" href=\"/favicon.svg\"", signedIn, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, favicon.StatusCode);
        Assert.Equal("image/svg+xml", favicon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dates_read_naturally_in_french_in_the_citizens_time_zone()
    {
        // 2026-12-02 06:05 UTC is 1 h 05 in Québec (UTC−5 in December).
        await using var server = await Oid4Vci.TestWallet.CreateServerAsync(o => o.Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 6, 5, 0, TimeSpan.Zero)));
        await StatusLists.StatusTestKit.IssueAsync(server, Oid4Vci.TestWallet.CitizenId);
        using var http = server.CreateClient();
        await OidcFlow.LoginAsync(http, "/login", OidcFlow.Citizen, SeededCitizenDirectory.DemoPassword);

        var page = await (await http.GetAsync("/attestations")).Content.ReadAsStringAsync();

        Assert.Contains("2\u00A0décembre\u00A02026 à 1\u00A0h\u00A005", System.Net.WebUtility.HtmlDecode(NoBreak().Replace(page, "\u00A0")), StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("&#xA0;|&nbsp;")]
    private static partial Regex NoBreak();
}
