using Identity.Issuer.SystemTests.Browser;
using Identity.Issuer.SystemTests.Hosting;

namespace Identity.Issuer.SystemTests;

public sealed class BrowserSmokeTests
{
    [Fact]
    public async Task Chromium_from_the_OS_loads_a_page_of_a_real_issuer_process()
    {
        var token = TestContext.Current.CancellationToken;
        await using var chromium = await Chromium.LaunchAsync();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(cluster[0].BaseAddress, "health").AbsoluteUri);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.False(string.IsNullOrWhiteSpace(await page.InnerTextAsync("body")));
    }
}
