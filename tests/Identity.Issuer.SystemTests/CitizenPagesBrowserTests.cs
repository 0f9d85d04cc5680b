using Identity.Issuer.SystemTests.Browser;
using Identity.Issuer.SystemTests.Flow;
using Identity.Issuer.SystemTests.Hosting;
using Microsoft.Playwright;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// The login and consent pages in headless Chromium: French first, English on request (ui_locales or the language
/// switch), visible texts, labels, the <c>lang</c> attribute, keyboard order, and the whole flow to a redeemable code.
/// </summary>
public sealed class CitizenPagesBrowserTests
{
    private const string Scope = "openid profile";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pages_are_in_French_by_default_and_the_flow_ends_with_a_redeemable_code()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var client = OidcClient.Demo();
        var pending = await client.PushAsync(cluster[0].BaseAddress, Scope, uiLocales: null, Token);
        await CaptureRedirectsToTheClientAsync(page);

        await page.GotoAsync(pending.AuthorizationUrl.AbsoluteUri);
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Connexion", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("Nom d’utilisateur", await page.Locator("label[for=username]").InnerTextAsync());
        Assert.Equal("Mot de passe", await page.Locator("label[for=password]").InnerTextAsync());
        Assert.Equal("Se connecter", await page.Locator("#submit").InnerTextAsync());
        Assert.Equal("English", await page.Locator("#lang-switch").InnerTextAsync());
        await Screenshots.TakeAsync(page, "login-fr");

        await page.FillAsync("#username", OidcClient.DemoUsername);
        await page.FillAsync("#password", OidcClient.DemoPassword);
        await page.ClickAsync("#submit");

        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Autoriser le partage de vos renseignements", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Service de démonstration", await page.Locator("#client-name").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Le niveau de confiance de votre identité", await page.Locator("#consent-claims").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Accepter et continuer", await page.Locator("#consent-accept").InnerTextAsync());
        Assert.Equal("Refuser", await page.Locator("#consent-deny").InnerTextAsync());
        await Screenshots.TakeAsync(page, "consent-fr");
        Assert.Equal(["consent-accept", "consent-deny"], await FocusOrderAsync(page, "consent-deny"));

        await page.ClickAsync("#consent-accept");
        await page.WaitForURLAsync(url => url.StartsWith(OidcClient.DemoRedirectUri.AbsoluteUri, StringComparison.Ordinal));
        var callback = new FrontChannel.Outcome(new Uri(page.Url), []);
        Assert.Equal(pending.State, callback.State);
        var (status, tokens) = await client.RedeemAsync(cluster[0].BaseAddress, callback.Code!, pending, Token);
        Assert.True(status == 200, tokens.ToString());
    }

    [Fact]
    public async Task Ui_locales_en_shows_the_pages_in_English()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var pending = await OidcClient.Demo().PushAsync(cluster[0].BaseAddress, Scope, "en", Token);
        await CaptureRedirectsToTheClientAsync(page);

        await page.GotoAsync(pending.AuthorizationUrl.AbsoluteUri);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Sign in", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("Username", await page.Locator("label[for=username]").InnerTextAsync());
        Assert.Equal("Password", await page.Locator("label[for=password]").InnerTextAsync());
        Assert.Equal("Français", await page.Locator("#lang-switch").InnerTextAsync());
        Assert.Equal("fr", await page.Locator("#lang-switch").GetAttributeAsync("lang"));
        await Screenshots.TakeAsync(page, "login-en");

        await page.FillAsync("#username", OidcClient.DemoUsername);
        await page.FillAsync("#password", OidcClient.DemoPassword);
        await page.ClickAsync("#submit");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Allow sharing of your information", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Demonstration service", await page.Locator("#client-name").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Accept and continue", await page.Locator("#consent-accept").InnerTextAsync());
        await Screenshots.TakeAsync(page, "consent-en");
    }

    [Fact]
    public async Task The_language_switch_turns_the_login_page_to_English_and_keeps_the_request()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var pending = await OidcClient.Demo().PushAsync(cluster[0].BaseAddress, Scope, uiLocales: null, Token);
        await CaptureRedirectsToTheClientAsync(page);

        await page.GotoAsync(pending.AuthorizationUrl.AbsoluteUri);
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await page.ClickAsync("#lang-switch");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Sign in", await page.Locator("h1").InnerTextAsync());

        await page.FillAsync("#username", OidcClient.DemoUsername);
        await page.FillAsync("#password", OidcClient.DemoPassword);
        await page.ClickAsync("#submit");
        Assert.Equal("Allow sharing of your information", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task Tab_reaches_the_username_then_the_password_then_the_submit_button()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var pending = await OidcClient.Demo().PushAsync(cluster[0].BaseAddress, Scope, uiLocales: null, Token);
        await page.GotoAsync(pending.AuthorizationUrl.AbsoluteUri);

        var order = new List<string>();
        for (var i = 0; i < 8 && !order.Contains("submit"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            order.Add(await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.className || document.activeElement.tagName"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine("focus order: " + string.Join(" > ", order));
        var username = order.IndexOf("username");
        Assert.True(username >= 0, "Tab never reached the username field: " + string.Join(" > ", order));
        Assert.Equal(["username", "password", "submit"], order.Skip(username).Take(3));
        // The skip link comes first, so a keyboard user can jump past the banner.
        Assert.Equal("skip", order[0]);
    }

    [Fact]
    public async Task A_wrong_password_shows_an_alert_in_French_and_marks_the_fields_invalid()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var pending = await OidcClient.Demo().PushAsync(cluster[0].BaseAddress, Scope, uiLocales: null, Token);
        await page.GotoAsync(pending.AuthorizationUrl.AbsoluteUri);

        await page.FillAsync("#username", OidcClient.DemoUsername);
        await page.FillAsync("#password", "pas-le-bon");
        await page.ClickAsync("#submit");

        var alert = page.Locator("[role=alert]");
        Assert.Equal("Erreur\u00A0: Nom d’utilisateur ou mot de passe incorrect.", (await alert.InnerTextAsync()).Trim());
        Assert.Equal("true", await page.Locator("#username").GetAttributeAsync("aria-invalid"));
        Assert.Equal("login-error", await page.Locator("#username").GetAttributeAsync("aria-describedby"));
        Assert.Equal(string.Empty, await page.Locator("#password").InputValueAsync());
        await Screenshots.TakeAsync(page, "login-error-fr");
    }

    [Fact]
    public async Task Wallet_consent_lists_each_attestation_claim_in_French_and_the_wallet_gets_its_code()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var wallet = OidcClient.Wallet();
        var pending = await wallet.PushAsync(cluster[0].BaseAddress, "identity_credential", uiLocales: null, Token);
        await page.RouteAsync(OidcClient.WalletRedirectUri.GetLeftPart(UriPartial.Authority) + "/**", route => route.FulfillAsync(new() { Status = 200, Body = "wallet", ContentType = "text/plain" }));

        await page.GotoAsync(pending.AuthorizationUrl.AbsoluteUri);
        await page.FillAsync("#username", OidcClient.DemoUsername);
        await page.FillAsync("#password", OidcClient.DemoPassword);
        await page.ClickAsync("#submit");

        Assert.Contains("Portefeuille de démonstration", await page.Locator("#client-name").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Votre attestation d’identité", await page.Locator("#consent-attestation-title").InnerTextAsync());
        Assert.Equal("Ces renseignements seront inscrits dans une attestation d’identité conservée dans votre portefeuille numérique\u00A0:",
            await page.Locator("#consent-attestation-intro").InnerTextAsync());
        var claims = page.Locator("#consent-attestation-claims li");
        Assert.Equal(11, await claims.CountAsync());
        Assert.Equal("Votre prénom", await claims.Nth(0).InnerTextAsync());
        Assert.Equal("Si vous avez 18\u00A0ans ou plus (oui ou non)", await page.Locator("#consent-attestation-claims li[data-claim=age_over_18]").InnerTextAsync());
        Assert.Equal("Votre code postal", await page.Locator("#consent-attestation-claims li[data-claim='address.postal_code']").InnerTextAsync());
        await Screenshots.TakeAsync(page, "consent-wallet-fr");

        await page.ClickAsync("#consent-accept");
        await page.WaitForURLAsync(url => url.StartsWith(OidcClient.WalletRedirectUri.AbsoluteUri, StringComparison.Ordinal));
        var callback = new FrontChannel.Outcome(new Uri(page.Url), []);
        var (status, tokens) = await wallet.RedeemAsync(cluster[0].BaseAddress, callback.Code!, pending, Token);
        Assert.True(status == 200, tokens.ToString());
        Assert.Equal("identity_credential", tokens.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Prompt_login_shows_the_login_page_again_to_a_signed_in_citizen()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var client = OidcClient.Demo();
        await CaptureRedirectsToTheClientAsync(page);
        var first = await client.PushAsync(cluster[0].BaseAddress, Scope, uiLocales: null, Token);
        await page.GotoAsync(first.AuthorizationUrl.AbsoluteUri);
        await page.FillAsync("#username", OidcClient.DemoUsername);
        await page.FillAsync("#password", OidcClient.DemoPassword);
        await page.ClickAsync("#submit");
        await page.ClickAsync("#consent-accept");
        await page.WaitForURLAsync(url => url.StartsWith(OidcClient.DemoRedirectUri.AbsoluteUri, StringComparison.Ordinal));

        var second = await client.PushAsync(cluster[0].BaseAddress, Scope, uiLocales: null, Token, prompt: "login");
        await page.GotoAsync(second.AuthorizationUrl.AbsoluteUri);

        Assert.Equal("Connexion", await page.Locator("h1").InnerTextAsync());
        await page.FillAsync("#username", OidcClient.DemoUsername);
        await page.FillAsync("#password", OidcClient.DemoPassword);
        await page.ClickAsync("#submit");
        Assert.Equal("Autoriser le partage de vos renseignements", await page.Locator("h1").InnerTextAsync());
        await page.ClickAsync("#consent-accept");
        await page.WaitForURLAsync(url => url.StartsWith(OidcClient.DemoRedirectUri.AbsoluteUri, StringComparison.Ordinal));
        var callback = new FrontChannel.Outcome(new Uri(page.Url), []);
        Assert.Equal(second.State, callback.State);
        Assert.NotNull(callback.Code);
    }

    /// <summary>Presses Tab from the top of the page until <paramref name="lastId"/> has focus; returns the focused element ids from the first consent button on.</summary>
    private static async Task<IReadOnlyList<string>> FocusOrderAsync(IPage page, string lastId)
    {
        var order = new List<string>();
        for (var i = 0; i < 12 && !order.Contains(lastId); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            order.Add(await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.tagName"));
        }

        TestContext.Current.TestOutputHelper?.WriteLine("focus order: " + string.Join(" > ", order));
        return order.SkipWhile(id => !id.StartsWith("consent-", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Nothing listens at the demo client's redirect URI: answer it in the browser so the final URL (code, state, iss) can be read.</summary>
    private static Task CaptureRedirectsToTheClientAsync(IPage page)
        => page.RouteAsync(OidcClient.DemoRedirectUri.GetLeftPart(UriPartial.Authority) + "/**", route => route.FulfillAsync(new() { Status = 200, Body = "client", ContentType = "text/plain" }));
}
