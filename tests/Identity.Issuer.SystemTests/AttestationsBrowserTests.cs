using Identity.Issuer.SystemTests.Browser;
using Identity.Issuer.SystemTests.Hosting;
using Microsoft.Playwright;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// "Mes attestations" in headless Chromium against a real issuer process: sign in, request an offer, see the QR code and the
/// transaction code, let a scripted wallet redeem the offer (OpenID4VCI 1.0 §6 and §8), then revoke the attestation on the page.
/// </summary>
public sealed class AttestationsBrowserTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> Settings = new(StringComparer.Ordinal)
    {
        // Status list URIs must be https; the loopback process speaks http, and nothing here fetches the list.
        ["StatusLists__BaseUri"] = "https://issuer.test",
    };

    [Fact]
    public async Task In_French_a_citizen_requests_an_offer_sees_the_qr_code_and_tx_code_and_revokes_the_attestation()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, extraSettings: Settings, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var baseAddress = cluster[0].BaseAddress;

        await SignInAsync(page, baseAddress);
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Mes attestations", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("Vous n’avez aucune attestation.", await page.Locator("#attestations-empty").InnerTextAsync());

        await page.ClickAsync("#request-offer");
        var (link, txCode) = await OfferAsync(page);
        Assert.Equal("Demander une attestation d’identité", await page.Locator("#request-offer").InnerTextAsync());
        Assert.Equal("Code QR de l’offre d’attestation pour votre portefeuille", await page.Locator("#offer-qr").GetAttributeAsync("alt"));
        await Screenshots.TakeAsync(page, "attestations-offer-fr");

        await RedeemAsync(cluster.Issuer, baseAddress, link, txCode);
        await page.GotoAsync(new Uri(baseAddress, "/attestations").AbsoluteUri);
        var row = page.Locator("#attestations tbody tr");
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal("Valide", await row.Locator("td.status").InnerTextAsync());

        await row.Locator("button.revoke").ClickAsync();
        Assert.Contains("Révoquer cette attestation", await page.Locator("#revoke-confirmation h2").InnerTextAsync(), StringComparison.Ordinal);
        await page.ClickAsync("#revoke-confirm");
        Assert.Contains("révoquée", await page.Locator("#attestations-done").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Révoquée", await page.Locator("#attestations tbody tr td.status").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#attestations button.revoke").CountAsync());
        await Screenshots.TakeAsync(page, "attestations-revoked-fr");
    }

    [Fact]
    public async Task In_English_the_page_shows_the_offer_and_its_tx_code()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, extraSettings: Settings, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();

        await SignInAsync(page, cluster[0].BaseAddress);
        await page.ClickAsync("#lang-switch");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("My attestations", await page.Locator("h1").InnerTextAsync());

        await page.ClickAsync("#request-offer");
        var (_, txCode) = await OfferAsync(page);
        Assert.Matches("^[0-9]+$", txCode);
        Assert.Equal("Open the offer in my wallet", await page.Locator("#offer-link").InnerTextAsync());
        await Screenshots.TakeAsync(page, "attestations-offer-en");
    }

    internal static async Task SignInAsync(IPage page, Uri baseAddress)
    {
        await page.GotoAsync(new Uri(baseAddress, "/attestations").AbsoluteUri);
        await page.FillAsync("#username", Flow.OidcClient.DemoUsername);
        await page.FillAsync("#password", Flow.OidcClient.DemoPassword);
        await page.ClickAsync("#submit");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/attestations");
    }

    internal static async Task<(string Link, string TxCode)> OfferAsync(IPage page)
    {
        var qr = page.Locator("#offer-qr");
        Assert.StartsWith("data:image/png;base64,", await qr.GetAttributeAsync("src"), StringComparison.Ordinal);
        // The QR code image actually decoded and rendered (the CSP allows data: images).
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        var link = (await page.Locator("#offer-link").GetAttributeAsync("href"))!;
        Assert.StartsWith("openid-credential-offer://?credential_offer_uri=", link, StringComparison.Ordinal);
        var txCode = (await page.Locator("#offer-tx-code").InnerTextAsync()).Trim();
        Assert.DoesNotContain(txCode, link, StringComparison.Ordinal);
        return (link, txCode);
    }

    /// <summary>The scripted wallet redeems the offer at the same process and gets one credential.</summary>
    internal static async Task RedeemAsync(Uri issuer, Uri baseAddress, string link, string txCode)
    {
        using var wallet = new Flow.ScriptedWallet();
        var offer = await wallet.ResolveOfferAsync(baseAddress, link, Token);
        var accessToken = await wallet.RedeemAsync(baseAddress, offer, txCode, Token);
        var nonce = await wallet.NonceAsync(baseAddress, Token);
        var (status, body) = await wallet.RequestCredentialAsync(baseAddress, accessToken, offer.ConfigurationId, wallet.Proof(offer.CredentialIssuer, nonce), Token);
        Assert.True(status == 200, body.ToJsonString() + " issuer " + issuer);
    }
}
