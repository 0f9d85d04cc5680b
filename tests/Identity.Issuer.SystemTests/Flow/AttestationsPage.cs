using System.Net;
using System.Text.RegularExpressions;

namespace Identity.Issuer.SystemTests.Flow;

/// <summary>"Mes attestations" without a browser engine: sign in with the login form, then press "request an offer" and read the offer link and tx_code.</summary>
internal static partial class AttestationsPage
{
    public static async Task<(string Link, string TxCode)> RequestOfferAsync(ScriptedBrowser browser, Uri server, string username, string password, CancellationToken cancellationToken)
    {
        var page = new Uri(server, "/attestations");
        using (var unauthenticated = await browser.GetAsync(page, cancellationToken))
        {
            Assert.True((int)unauthenticated.StatusCode is >= 300 and < 400, $"{(int)unauthenticated.StatusCode}: the page must send an anonymous visitor to the login form");
            var login = new Uri(page, unauthenticated.Headers.Location!);
            using var loginPage = await browser.GetAsync(login, cancellationToken);
            var form = HtmlForm.Parse(await loginPage.Content.ReadAsStringAsync(cancellationToken)).Single(f => f.Fields.ContainsKey("Password"));
            using var signedIn = await browser.PostAsync(
                new Uri(login, form.Action ?? login.PathAndQuery),
                form.Submit(values: new Dictionary<string, string> { ["Username"] = username, ["Password"] = password }),
                cancellationToken);
            Assert.True((int)signedIn.StatusCode is >= 300 and < 400, $"{(int)signedIn.StatusCode}: the login must redirect back to the page");
        }

        using var list = await browser.GetAsync(page, cancellationToken);
        var html = await list.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(list.StatusCode == HttpStatusCode.OK, html[..Math.Min(html.Length, 500)]);
        var offerForm = HtmlForm.Parse(html).Single(f => f.Action?.Contains("handler=Offer", StringComparison.OrdinalIgnoreCase) == true);
        using var posted = await browser.PostAsync(new Uri(page, offerForm.Action!), offerForm.Submit(), cancellationToken);
        Assert.True((int)posted.StatusCode is >= 300 and < 400, $"{(int)posted.StatusCode}: requesting an offer is post/redirect/get");
        using var offer = await browser.GetAsync(new Uri(page, posted.Headers.Location!), cancellationToken);
        var offerHtml = await offer.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(offer.StatusCode == HttpStatusCode.OK, offerHtml[..Math.Min(offerHtml.Length, 500)]);
        var link = LinkPattern().Match(offerHtml);
        var txCode = TxCodePattern().Match(offerHtml);
        Assert.True(link.Success && txCode.Success, "No offer on the page: " + offerHtml[..Math.Min(offerHtml.Length, 500)]);
        return (WebUtility.HtmlDecode(link.Groups[1].Value), txCode.Groups[1].Value.Trim());
    }

    [GeneratedRegex("""id="offer-link"\s+href="([^"]+)""")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("""id="offer-tx-code"[^>]*>([^<]+)<""")]
    private static partial Regex TxCodePattern();
}
