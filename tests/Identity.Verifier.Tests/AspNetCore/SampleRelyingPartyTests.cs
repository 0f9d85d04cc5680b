using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Identity.Verifier.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Identity.Verifier.Tests.AspNetCore;

/// <summary>The sample relying party end to end: request for age_over_18, a wallet's direct_post, the page's result.</summary>
public sealed partial class SampleRelyingPartyTests
{
    [Fact]
    public async Task Sample_asks_only_for_age_over_18_and_shows_the_verified_answer()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("RelyingParty:TrustedIssuer", fx.Issuer);
            web.UseSetting("RelyingParty:Vct", TestCredentials.Vct);
            web.UseSetting("RelyingParty:ResponseUri", "https://rp.example.ca/vp/response");
            web.UseSetting("RelyingParty:AllowLoopbackHttp", "true");
            web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(fx.Clock));
        });
        using var browser = factory.CreateClient();

        // 1. The page builds the request; the wallet link carries the DCQL query for age_over_18 only.
        var page = await (await browser.PostAsync(new Uri("/start", UriKind.Relative), null, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var link = WebUtility.HtmlDecode(WalletLink().Match(page).Groups[1].Value);
        var parameters = link[(link.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var query = JsonNode.Parse(parameters["dcql_query"])!["credentials"]![0]!;
        Assert.Equal("age_over_18", Assert.Single(query["claims"]!.AsArray())!["path"]![0]!.GetValue<string>());

        // 2. The wallet answers by direct_post with age_over_18 disclosed.
        var presentation = fx.Credentials.Present(fx.Credentials.Issue(fx.StatusUri), parameters["nonce"], parameters["client_id"], ["age_over_18"]);
        using var posted = await browser.PostAsync(new Uri("/vp/response", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["state"] = parameters["state"],
            ["vp_token"] = new JsonObject { ["age"] = new JsonArray(presentation) }.ToJsonString(),
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // 3. The page's poll sees the verified answer, and nothing else.
        using var result = JsonDocument.Parse(await browser.GetStringAsync(new Uri("/result/" + Uri.EscapeDataString(parameters["state"]), UriKind.Relative), TestContext.Current.CancellationToken));
        Assert.Equal("valid", result.RootElement.GetProperty("status").GetString());
        Assert.True(result.RootElement.GetProperty("ageOver18").GetBoolean());
    }

    [GeneratedRegex("href=\"(openid4vp://[^\"]+)\"")]
    private static partial Regex WalletLink();
}
