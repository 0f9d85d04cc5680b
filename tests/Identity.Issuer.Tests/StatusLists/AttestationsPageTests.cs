using System.Net;
using System.Text.RegularExpressions;
using Identity.Issuer.Admin;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Issuer.StatusLists;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.StatusList;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Issuer.Tests.StatusLists;

/// <summary>"Mes attestations" on the real pipeline: session required, offer with QR code and tx_code apart, list, citizen revoke.</summary>
public sealed partial class AttestationsPageTests
{
    private const string MarieId = "cit-7f3a9c21";
    private const string JeanId = "cit-2b81e4d0";

    private static async Task<HttpClient> SignedInAsync(IssuerServer server, string username = OidcFlow.Citizen)
    {
        var http = server.CreateClient();
        var login = await OidcFlow.LoginAsync(http, "/login?ReturnUrl=%2Fattestations", username, Citizens.SeededCitizenDirectory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return http;
    }

    private static async Task<string> PageAsync(HttpClient http, string path = "/attestations")
    {
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string handler, Dictionary<string, string> form, string page)
    {
        form["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);

        return await http.PostAsync("/attestations?handler=" + handler, new FormUrlEncodedContent(form));
    }

    private static async Task<IssuedCredential> ReloadAsync(IssuerServer server, string id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Set<IssuedCredential>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task Without_a_session_the_page_redirects_to_login()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var response = await server.CreateClient().GetAsync("/attestations");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_the_page_in_french_by_default_and_in_english_on_request()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var http = await SignedInAsync(server);
        var french = await PageAsync(http);
        Assert.Contains("<html lang=\"fr\">", french, StringComparison.Ordinal);
        Assert.Contains("Mes attestations", french, StringComparison.Ordinal);
        Assert.Contains("id=\"attestations-empty\"", french, StringComparison.Ordinal);

        var switched = await http.GetAsync("/lang?c=en&returnUrl=%2Fattestations");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var english = await PageAsync(http, switched.Headers.Location!.OriginalString);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("My attestations", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requesting_an_offer_shows_a_qr_code_the_offer_link_and_the_tx_code_apart()
    {
        await using var server = await StatusTestKit.CreateServerAsync(configure: o => o.Settings["Issuer:IssuerUri"] = "https://issuer.test/");
        var http = await SignedInAsync(server);
        var posted = await PostAsync(http, "Offer", [], await PageAsync(http));

        // Post/redirect/get: the offer is shown by the GET that follows, once; a reload mints nothing and shows nothing.
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var response = await http.GetAsync(posted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("offer-tx-code", await (await http.GetAsync("/attestations")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(QrImage().IsMatch(html), html);
        var link = WebUtility.HtmlDecode(OfferLink().Match(html).Groups[1].Value);
        Assert.StartsWith("openid-credential-offer://?credential_offer_uri=", link, StringComparison.Ordinal);
        var txCode = TxCode().Match(html).Groups[1].Value;
        Assert.Matches("^[0-9]{4,}$", txCode);
        // §4.1.1: the transaction code travels apart from the offer, never inside the link or QR code.
        Assert.DoesNotContain(txCode, link, StringComparison.Ordinal);
        // The CSP allows data: images and no inline script.
        Assert.Contains("img-src 'self' data:", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Revoking_asks_for_confirmation_first_and_the_first_step_changes_nothing()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var mine = await StatusTestKit.IssueAsync(server, MarieId);
        var http = await SignedInAsync(server);

        var confirm = await PostAsync(http, "ConfirmRevoke", new() { ["id"] = mine.Id }, await PageAsync(http));

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var html = await confirm.Content.ReadAsStringAsync();
        Assert.Contains("id=\"revoke-confirmation\"", html, StringComparison.Ordinal);
        Assert.Contains("Révoquer cette attestation", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"valid\"", await PageAsync(http), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_only_the_citizens_own_attestations_with_their_status()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var mine = await StatusTestKit.IssueAsync(server, MarieId);
        var theirs = await StatusTestKit.IssueAsync(server, JeanId);
        var html = await PageAsync(await SignedInAsync(server));
        Assert.Contains($"data-credential=\"{mine.Id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Id, html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"valid\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_citizen_revokes_an_attestation_through_the_audited_status_path()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server, MarieId);
        var http = await SignedInAsync(server);

        var response = await PostAsync(http, "Revoke", new() { ["id"] = credential.Id }, await PageAsync(http));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await PageAsync(http, response.Headers.Location!.OriginalString);
        Assert.Contains("id=\"attestations-done\"", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"revoked\"", html, StringComparison.Ordinal);
        Assert.Equal(StatusTypes.Invalid, (await ReloadAsync(server, credential.Id)).Status);
        var (_, list, _) = await StatusTestKit.FetchListAsync(server, http, credential.StatusListId);
        Assert.Equal(StatusTypes.Invalid, list!.Get(credential.StatusIndex));
        await using var scope = server.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Set<AuditEntry>().SingleAsync();
        Assert.Equal(("citizen", MarieId, "revoke", credential.Id, "OK"), (audit.ActorType, audit.Actor, audit.Action, audit.CredentialId, audit.Outcome));
    }

    [Fact]
    public async Task Another_citizens_attestation_cannot_be_revoked_CREDENTIAL_NOT_FOUND()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var theirs = await StatusTestKit.IssueAsync(server, JeanId);
        var http = await SignedInAsync(server);

        var response = await PostAsync(http, "Revoke", new() { ["id"] = theirs.Id }, await PageAsync(http));

        Assert.Contains("error=" + StatusErrorCodes.CredentialNotFound, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(StatusTypes.Valid, (await ReloadAsync(server, theirs.Id)).Status);
    }

    [Fact]
    public async Task A_revoke_without_the_antiforgery_token_is_refused()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server, MarieId);
        var http = await SignedInAsync(server);
        var response = await http.PostAsync("/attestations?handler=Revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = credential.Id }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(StatusTypes.Valid, (await ReloadAsync(server, credential.Id)).Status);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<img id=\"offer-qr\" src=\"data:image/png;base64,(?:[A-Za-z0-9+/=]|&#x2B;){100,}\"")]
    private static partial Regex QrImage();

    [GeneratedRegex("<a id=\"offer-link\" href=\"([^\"]+)\"")]
    private static partial Regex OfferLink();

    [GeneratedRegex("id=\"offer-tx-code\"[^>]*>([^<]+)<")]
    private static partial Regex TxCode();
}
