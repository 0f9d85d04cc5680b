using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Issuer.SystemTests.Browser;
using Identity.Issuer.SystemTests.Flow;
using Identity.Issuer.SystemTests.Hosting;
using Identity.Verifier;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// The README's developer run, started as the README says (<see cref="ReadmeApp"/>), walked as a newcomer would: login in
/// Chromium, an offer on "Mes attestations", the credential redeemed by an independent OpenID4VCI wallet (animo's npm
/// libraries), a presentation made with <c>@sd-jwt/sd-jwt-vc</c>, verified with its status by the SDK, by the README's CLI
/// command and by <c>@sd-jwt/sd-jwt-vc</c>; then the citizen revokes it and, once the list's ttl has passed, every verifier
/// answers that it is revoked. Any 5xx seen by the browser and any error the issuer logs fail the test.
/// </summary>
public sealed class ReadmeJourneyTests
{
    private const string Audience = "https://rp.example/";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_README_run_takes_a_citizen_from_login_to_a_verified_then_revoked_presentation()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var issuer = await ReadmeApp.StartIssuerAsync(Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                serverErrors.Add($"{response.Status} {response.Url}");
            }
        };

        // 1. Login and an offer on "Mes attestations".
        await AttestationsBrowserTests.SignInAsync(page, issuer.BaseAddress);
        await page.ClickAsync("#request-offer");
        var (link, txCode) = await AttestationsBrowserTests.OfferAsync(page);

        // 2. The independent wallet redeems it; its own @sd-jwt/sd-jwt-vc check (status included) passes inside wallet.mjs.
        var accepted = await Processes.InteropWalletAsync("wallet.mjs", new Dictionary<string, string>
        {
            ["ISSUER_BASE"] = issuer.Issuer,
            ["OFFER"] = link,
            ["TX_CODE"] = txCode,
        }, Token);
        Assert.True(accepted.ExitCode == 0, accepted + issuer.Output);
        var wallet = JsonNode.Parse(accepted.Stdout)!;
        var credential = wallet["credentials"]![0]!.GetValue<string>();
        var statusUri = wallet["claims"]![0]!["status"]!["status_list"]!["uri"]!.GetValue<string>();
        Assert.StartsWith(issuer.Issuer + "/status-lists/", statusUri, StringComparison.Ordinal);

        // 3. A presentation of two claims, bound to this verifier's nonce and audience.
        var nonce = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var presented = await Processes.InteropWalletAsync("presentation.mjs", new Dictionary<string, string>
        {
            ["MODE"] = "present",
            ["CREDENTIAL"] = credential,
            ["HOLDER_JWK"] = wallet["holderPrivateKeys"]![0]!.ToJsonString(),
            ["AUD"] = Audience,
            ["NONCE"] = nonce,
            ["DISCLOSE"] = "given_name,age_over_18",
        }, Token);
        Assert.True(presented.ExitCode == 0, presented.ToString());
        var presentation = presented.Stdout.Trim();

        // 4. Three verifiers accept it, each checking the status list.
        using var http = new HttpClient();
        var verifier = new AttestationVerifier(new AttestationVerifierOptions
        {
            TrustedIssuers = { new TrustedIssuer(issuer.Issuer) },
            AllowLoopbackHttp = true,
            RequireStatus = true,
        }, http);
        var sdk = await verifier.VerifyAsync(presentation, new VerificationOptions { Audience = Audience, Nonce = nonce }, Token);
        Assert.True(sdk.IsValid, sdk.Error?.ToString());
        Assert.True(sdk.Claims["age_over_18"].GetBoolean());
        Assert.Equal("Marie", sdk.Claims["given_name"].GetString());
        Assert.False(sdk.Claims.ContainsKey("birthdate"));

        var cli = await CliVerifyAsync(issuer, presentation, nonce);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("\"age_over_18\": true", cli.Stdout, StringComparison.Ordinal);

        var library = await LibraryVerifyAsync(issuer, presentation, nonce);
        Assert.True(library.ExitCode == 0, library.ToString());

        var statusIndex = wallet["claims"]![0]!["status"]!["status_list"]!["idx"]!.GetValue<int>();
        var status = await CliStatusAsync(statusUri, statusIndex);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("VALID", JsonNode.Parse(status.Stdout)!["status_name"]!.GetValue<string>());

        // 5. The citizen revokes the attestation on the page.
        await page.GotoAsync(new Uri(issuer.BaseAddress, "/attestations").AbsoluteUri);
        await page.Locator("#attestations tbody tr button.revoke").ClickAsync();
        await page.ClickAsync("#revoke-confirm");
        Assert.Equal("Révoquée", await page.Locator("#attestations tbody tr td.status").InnerTextAsync());

        // 6. Once the list's ttl has passed (10 s on the developer run), every verifier sees it.
        var ttl = await TtlAsync(http, statusUri);
        Assert.InRange(ttl, 1, 60);
        await Task.Delay(TimeSpan.FromSeconds(ttl + 1), Token);

        var sdkAfter = await verifier.VerifyAsync(presentation, new VerificationOptions { Audience = Audience, Nonce = nonce }, Token);
        Assert.Equal(VerifierErrorCodes.StatusRevoked, sdkAfter.Error?.Code);

        var cliAfter = await CliVerifyAsync(issuer, presentation, nonce);
        Assert.Equal(1, cliAfter.ExitCode);
        Assert.Contains(VerifierErrorCodes.StatusRevoked, cliAfter.Stdout, StringComparison.Ordinal);

        var statusAfter = await CliStatusAsync(statusUri, statusIndex);
        Assert.Equal("INVALID", JsonNode.Parse(statusAfter.Stdout)!["status_name"]!.GetValue<string>());

        var libraryAfter = await LibraryVerifyAsync(issuer, presentation, nonce);
        Assert.Equal(1, libraryAfter.ExitCode);
        Assert.Contains("Status is not valid", libraryAfter.Stdout, StringComparison.Ordinal);

        Assert.Empty(serverErrors);
        Assert.True(issuer.Failures.Count == 0, issuer.Output);
    }

    [Fact]
    public async Task The_README_wallet_commands_take_a_credential_from_the_issuer_to_the_sample_relying_party()
    {
        await using var chromium = await Chromium.LaunchAsync();
        await using var issuer = await ReadmeApp.StartIssuerAsync(Token);
        await using var rp = await ReadmeApp.StartRelyingPartyAsync(issuer.Issuer, Token);
        await using var context = await chromium.NewContextAsync("fr-CA");
        var page = await context.NewPageAsync();
        var wallet = Directory.CreateTempSubdirectory("wallet-readme-");

        await AttestationsBrowserTests.SignInAsync(page, issuer.BaseAddress);
        await page.ClickAsync("#request-offer");
        var (link, txCode) = await AttestationsBrowserTests.OfferAsync(page);

        // identity wallet accept: two unlinkable copies.
        var accepted = await WalletAsync(wallet, "accept", link, "--tx-code", txCode, "--batch", "2", "--allow-loopback-http");
        Assert.True(accepted.ExitCode == 0, accepted + issuer.Output);
        var id = JsonNode.Parse(accepted.Stdout)!["id"]!.GetValue<string>();

        // identity wallet present, twice: each time a fresh copy, and the sample relying party shows the verified answer.
        for (var round = 0; round < 2; round++)
        {
            var (requestLink, state) = await StartRequestAsync(rp);
            var presented = await WalletAsync(wallet, "present", requestLink, "--yes", "--allow-loopback-http");
            Assert.True(presented.ExitCode == 0, presented + rp.Output);
            Assert.Contains("age_over_18", presented.Stderr, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = rp.BaseAddress };
            var result = JsonNode.Parse(await http.GetStringAsync(new Uri("result/" + Uri.EscapeDataString(state), UriKind.Relative), Token))!;
            Assert.Equal("valid", result["status"]!.GetValue<string>());
            Assert.True(result["ageOver18"]!.GetValue<bool>());
        }

        // A third presentation would reuse a copy: refused, nothing sent.
        var (thirdLink, _) = await StartRequestAsync(rp);
        var third = await WalletAsync(wallet, "present", thirdLink, "--yes", "--allow-loopback-http");
        Assert.Equal(1, third.ExitCode);
        Assert.Contains("every copy", third.Stderr, StringComparison.Ordinal);

        var shown = await WalletAsync(wallet, "show", id);
        Assert.Equal(0, shown.ExitCode);
        var details = JsonNode.Parse(shown.Stdout)!;
        Assert.Equal("Marie", details["claims"]!["given_name"]!.GetValue<string>());
        Assert.Equal(0, details["unused_copies"]!.GetValue<int>());
        Assert.DoesNotContain("\"d\"", shown.Stdout, StringComparison.Ordinal);
        Assert.True(issuer.Failures.Count == 0, issuer.Output);
        Assert.True(rp.Failures.Count == 0, rp.Output);
    }

    /// <summary>The sample relying party's "Prouver mon âge" button: returns the openid4vp:// link it shows and its state.</summary>
    private static async Task<(string Link, string State)> StartRequestAsync(ReadmeApp rp)
    {
        using var http = new HttpClient { BaseAddress = rp.BaseAddress };
        using var response = await http.PostAsync(new Uri("start", UriKind.Relative), null, Token);
        var html = await response.Content.ReadAsStringAsync(Token);
        var start = html.IndexOf("href=\"openid4vp://", StringComparison.Ordinal) + "href=\"".Length;
        Assert.True(start > 10, html);
        var link = System.Net.WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
        Assert.Contains("<img id=\"request-qr\" src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        var state = link[(link.IndexOf("state=", StringComparison.Ordinal) + "state=".Length)..].Split('&')[0];
        return (link, Uri.UnescapeDataString(state));
    }

    /// <summary>README: <c>dotnet run --project src/Identity.Cli -- wallet ...</c>, with its own wallet folder.</summary>
    private static Task<Processes.Result> WalletAsync(DirectoryInfo wallet, params string[] arguments)
        => Processes.RunAsync("dotnet", ["run", "--project", "src/Identity.Cli", "--no-build", "--", "wallet", .. arguments, "--wallet", wallet.FullName],
            TestEnvironment.RepositoryRoot, null, Token);

    /// <summary>README: <c>dotnet run --project src/Identity.Cli -- verify ...</c>, with the issuer's metadata as trust.</summary>
    private static Task<Processes.Result> CliVerifyAsync(ReadmeApp issuer, string presentation, string nonce)
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, presentation);
        return Processes.RunAsync("dotnet",
            ["run", "--project", "src/Identity.Cli", "--no-build", "--", "verify", file, "--aud", Audience, "--nonce", nonce,
                "--issuer-metadata", issuer.Issuer, "--allow-loopback-http"],
            TestEnvironment.RepositoryRoot, null, Token);
    }

    /// <summary>README: <c>dotnet run --project src/Identity.Cli -- status &lt;status list URI&gt; --index N --allow-loopback-http</c>.</summary>
    private static Task<Processes.Result> CliStatusAsync(string statusUri, int index)
        => Processes.RunAsync("dotnet",
            ["run", "--project", "src/Identity.Cli", "--no-build", "--", "status", statusUri, "--index", index.ToString(System.Globalization.CultureInfo.InvariantCulture), "--allow-loopback-http"],
            TestEnvironment.RepositoryRoot, null, Token);

    private static Task<Processes.Result> LibraryVerifyAsync(ReadmeApp issuer, string presentation, string nonce)
        => Processes.InteropWalletAsync("presentation.mjs", new Dictionary<string, string>
        {
            ["MODE"] = "verify",
            ["PRESENTATION"] = presentation,
            ["AUD"] = Audience,
            ["NONCE"] = nonce,
            ["ISSUER_BASE"] = issuer.Issuer,
        }, Token);

    private static async Task<long> TtlAsync(HttpClient http, string statusUri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, statusUri);
        request.Headers.Accept.ParseAdd("application/statuslist+jwt");
        using var response = await http.SendAsync(request, Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new JsonWebToken(await response.Content.ReadAsStringAsync(Token)).GetPayloadValue<long>("ttl");
    }
}
