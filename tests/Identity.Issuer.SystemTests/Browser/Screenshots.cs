namespace Identity.Issuer.SystemTests.Browser;

/// <summary>Screenshots of the citizen pages, kept in a temporary folder for a person to look at (path printed in the test output).</summary>
internal static class Screenshots
{
    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "identity-issuer-screenshots")).FullName;

    public static async Task<string> TakeAsync(Microsoft.Playwright.IPage page, string name)
    {
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }
}
