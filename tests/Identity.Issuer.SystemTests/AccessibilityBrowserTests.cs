using System.Text.Json;
using Identity.Issuer.SystemTests.Browser;
using Identity.Issuer.SystemTests.Hosting;
using Microsoft.Playwright;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// Every page a citizen sees, audited in Chromium with axe-core (WCAG 2.0/2.1 A and AA rules): no violation. Each page also
/// reflows at 320 CSS pixels without horizontal scrolling (WCAG 1.4.10). axe-core comes from tests/accessibility (npm ci).
/// </summary>
public sealed class AccessibilityBrowserTests
{
    private static readonly Dictionary<string, string?> Settings = new(StringComparer.Ordinal)
    {
        // Status list URIs must be https; the loopback process speaks http, and nothing here fetches the list.
        ["StatusLists__BaseUri"] = "https://issuer.test",
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("fr-CA")]
    [InlineData("en-CA")]
    public async Task Every_citizen_page_has_no_axe_violation_and_reflows_at_320_px(string locale)
    {
        var axe = AxeScript();
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, extraSettings: Settings, cancellationToken: Token);
        await using var context = await chromium.NewContextAsync(locale, bypassCsp: true);
        var page = await context.NewPageAsync();
        var site = cluster[0].BaseAddress;
        var problems = new List<string>();

        async Task AuditAsync(string name)
        {
            problems.AddRange(await ViolationsAsync(page, axe, name));
            problems.AddRange(await ReflowAsync(page, name));
        }

        await page.GotoAsync(new Uri(site, "/").AbsoluteUri);
        await AuditAsync("home, signed out");
        await page.GotoAsync(new Uri(site, "/login").AbsoluteUri);
        await AuditAsync("login");
        await page.FillAsync("#username", Flow.OidcClient.DemoUsername);
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("#login-error");
        await AuditAsync("login with an error");
        await page.GotoAsync(new Uri(site, "/connect/authorize?client_id=unknown-client").AbsoluteUri);
        await AuditAsync("error page");

        await AttestationsBrowserTests.SignInAsync(page, site);
        await AuditAsync("attestations, empty");
        await page.ClickAsync("#request-offer");
        var (link, txCode) = await AttestationsBrowserTests.OfferAsync(page);
        await AuditAsync("attestations with an offer");
        await AttestationsBrowserTests.RedeemAsync(cluster.Issuer, site, link, txCode);
        await page.GotoAsync(new Uri(site, "/attestations").AbsoluteUri);
        await AuditAsync("attestations with one");
        await page.Locator("#attestations button.revoke").ClickAsync();
        await page.WaitForSelectorAsync("#revoke-confirmation");
        await AuditAsync("revocation confirmation");
        await page.GotoAsync(new Uri(site, "/").AbsoluteUri);
        await AuditAsync("home, signed in");
        await page.GotoAsync(new Uri(site, "/connect/endsession").AbsoluteUri);
        await AuditAsync("logout confirmation");

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static async Task<IEnumerable<string>> ViolationsAsync(IPage page, string axe, string name)
    {
        await page.AddScriptTagAsync(new() { Content = axe });
        var json = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))" +
            ".violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')");
        return json.EnumerateArray().Select(v => $"{name}: {v.GetString()}").ToList();
    }

    /// <summary>WCAG 1.4.10: at 320 CSS px wide, nothing needs horizontal scrolling.</summary>
    private static async Task<IEnumerable<string>> ReflowAsync(IPage page, string name)
    {
        var size = page.ViewportSize!;
        await page.SetViewportSizeAsync(320, 640);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        await page.SetViewportSizeAsync(size.Width, size.Height);
        return overflow > 0 ? [$"{name}: {overflow} px of horizontal scrolling at 320 px"] : [];
    }

    private static string AxeScript()
    {
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "accessibility", "node_modules", "axe-core", "axe.min.js");
        if (Environment.GetEnvironmentVariable("IDENTITY_TEST_REQUIRE_INTEROP") == "1")
        {
            Assert.True(File.Exists(path), "tests/accessibility has no node_modules: run npm ci there (.ci/run does).");
        }

        Assert.SkipUnless(File.Exists(path), "tests/accessibility has no node_modules: run npm ci there to run the accessibility audit.");
        return File.ReadAllText(path);
    }
}
