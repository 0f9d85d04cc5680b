using Microsoft.Playwright;

namespace Identity.Issuer.SystemTests.Browser;

/// <summary>Debian's Chromium driven by Playwright (never <c>playwright install</c>: the browser comes from the OS).</summary>
internal sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Launches headless Chromium, or skips the test (with the reason) when it is not installed.</summary>
    public static async Task<Chromium> LaunchAsync()
    {
        var executable = Hosting.TestEnvironment.ChromiumOrSkip();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh context (own cookies) with a browser language, so <c>Accept-Language</c> matches a real visitor's.</summary>
    public async Task<IBrowserContext> NewContextAsync(string locale, bool bypassCsp = false)
    {
        // bypassCsp only for the accessibility audit, which injects axe-core into pages whose CSP allows no foreign script.
        var context = await Browser.NewContextAsync(new() { Locale = locale, ViewportSize = new() { Width = 1024, Height = 900 }, BypassCSP = bypassCsp });
        // CI shares two cores among several test projects; the first login also hashes the seeded passwords (Argon2id).
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
