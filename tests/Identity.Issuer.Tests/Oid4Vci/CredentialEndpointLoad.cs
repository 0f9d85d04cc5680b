using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Issuer.Citizens;
using Identity.Issuer.Oid4Vci;
using Identity.Issuer.Oid4Vci.Credentials;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Oid4Vci.Proofs;
using Identity.Issuer.StatusLists;
using Identity.Tokens.Jose;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>
/// Load measurement of the credential endpoint over loopback HTTP (Kestrel), batch 1 and 10, against the crypto bound measured in
/// the same run (one proof verification and one credential signature per credential). Opt-in: set IDENTITY_BENCH=1 and run in
/// Release; figures are written to the test output and recorded in docs/performance.md.
/// </summary>
public sealed class CredentialEndpointLoad(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 2000)]
    [InlineData(10, 3000)]
    public async Task Credentials_per_second_through_http(int batch, int credentials)
    {
        if (Environment.GetEnvironmentVariable("IDENTITY_BENCH") != "1")
        {
            Assert.Skip("Set IDENTITY_BENCH=1 to run the credential endpoint load measurement.");
        }

        var port = InteropWalletTests.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "issuer-bench", Guid.NewGuid().ToString("N"));
        await using var factory = new InteropWalletTests.KestrelIssuer(port, data);
        factory.StartServer();
        var issuer = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { BaseAddress = new Uri(issuer) };

        // Prepared outside the timed phase: access tokens, nonces and signed proofs (the wallet's work).
        var requests = new List<(string Token, string Body)>();
        string token = await TokenAsync(factory, http);
        for (var i = 0; i < credentials / batch; i++)
        {
            if (i % 200 == 0)
            {
                token = await TokenAsync(factory, http);
            }

            var nonce = JsonNode.Parse(await (await http.PostAsync("/oid4vci/nonce", null)).Content.ReadAsStringAsync())!["c_nonce"]!.GetValue<string>();
            var proofs = Enumerable.Range(0, batch).Select(_ => (JsonNode)TestWallet.Proof(JwkKeys.GenerateEs256(), nonce, issuer)).ToArray();
            requests.Add((token, new JsonObject { ["credential_configuration_id"] = IdentityCredentialType.ConfigurationId, ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(proofs) } }.ToJsonString()));
        }

        var next = -1;
        var failures = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests.Count)
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, "/oid4vci/credential") { Content = new StringContent(requests[index].Body, Encoding.UTF8, "application/json") };
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", requests[index].Token);
                using var response = await http.SendAsync(message);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        watch.Stop();
        var httpRate = requests.Count * batch / watch.Elapsed.TotalSeconds;

        var bound = await CryptoBoundAsync(factory, issuer);
        var line = $"batch {batch}: {requests.Count * batch} credentials in {watch.Elapsed.TotalSeconds:F2} s = {httpRate:F0} credentials/s over HTTP; crypto bound {bound:F0} credentials/s per core ({Environment.ProcessorCount} cores)";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("IDENTITY_BENCH_OUT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, line + Environment.NewLine);
        }

        Assert.Equal(0, failures);
    }

    private static async Task<string> TokenAsync(InteropWalletTests.KestrelIssuer factory, HttpClient http)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var offer = await scope.ServiceProvider.GetRequiredService<ICredentialOfferFactory>().CreateAsync(TestWallet.CitizenId, CancellationToken.None);
        var offerUri = Uri.UnescapeDataString(offer.OfferUri[(offer.OfferUri.IndexOf('=') + 1)..]);
        var code = JsonNode.Parse(await http.GetStringAsync(new Uri(offerUri).PathAndQuery))!["grants"]![TestWallet.PreAuthorizedGrantType]!["pre-authorized_code"]!.GetValue<string>();
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = TestWallet.PreAuthorizedGrantType, ["pre-authorized_code"] = code, ["tx_code"] = offer.TxCode,
        }));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
    }

    /// <summary>One proof verification plus one credential signature, single-threaded, in credentials per second.</summary>
    private static async Task<double> CryptoBoundAsync(InteropWalletTests.KestrelIssuer factory, string issuer)
    {
        var builder = factory.Services.GetRequiredService<IdentityCredentialBuilder>();
        var citizen = (await factory.Services.GetRequiredService<ICitizenDirectory>().FindByIdAsync(TestWallet.CitizenId))!;
        var urls = new Oid4VciUrls(new Uri(issuer + "/"), issuer);
        var status = new StatusAllocation("bench", new Uri("https://localhost/status-lists/bench"), 7);
        var proofs = Enumerable.Range(0, 500).Select(_ => TestWallet.Proof(JwkKeys.GenerateEs256(), "n", issuer)).ToArray();
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        foreach (var proof in proofs)
        {
            var verified = await JwtProofValidator.ValidateAsync(proof, issuer, clientId: null, now, TimeSpan.FromMinutes(5));
            builder.Build(citizen, verified.Value!.HolderJwk, status, urls, now.AddDays(365));
        }

        return proofs.Length / watch.Elapsed.TotalSeconds;
    }
}
