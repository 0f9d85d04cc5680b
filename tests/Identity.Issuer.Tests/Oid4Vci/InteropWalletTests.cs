using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Identity.Issuer.Oid4Vci;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>
/// The issuance flow driven by wallet code written by others: animo's <c>@openid4vc/openid4vci</c> (npm) redeems an offer by
/// reference with the transaction code, uses the nonce endpoint and asks for a batch; <c>@sd-jwt/sd-jwt-vc</c> 0.19.0 then verifies
/// every credential, its status list entry included. The issuer runs on Kestrel over loopback. Needs <c>npm ci</c> in
/// tests/interop-wallet.
/// </summary>
public sealed class InteropWalletTests
{
    [Fact]
    public async Task Animo_wallet_obtains_a_batch_that_sd_jwt_vc_library_verifies()
    {
        var result = await RunWalletAsync(batch: 3, clientId: null);

        var claims = result["claims"]!.AsArray();
        Assert.Equal(3, claims.Count);
        Assert.All(claims, c =>
        {
            Assert.Equal("Marie", c!["given_name"]!.GetValue<string>());
            Assert.True(c["age_over_18"]!.GetValue<bool>());
            Assert.Equal("Québec", c["address"]!["locality"]!.GetValue<string>());
        });
        Assert.Equal(3, result["status"]!.AsArray().Select(s => s!.GetValue<int>()).Distinct().Count());
        Assert.Equal(3, claims.Select(c => c!["cnf"]!["jwk"]!["x"]!.GetValue<string>()).Distinct().Count());
        // Anonymous access: the library leaves iss out of its proofs, as Appendix F.1 requires.
        Assert.All(result["proofIss"]!.AsArray(), iss => Assert.Null(iss));
    }

    [Fact]
    public async Task Animo_wallet_with_a_client_id_names_it_as_proof_iss_and_is_served()
    {
        var result = await RunWalletAsync(batch: 1, clientId: WalletClient.ClientId);

        Assert.Equal(WalletClient.ClientId, Assert.Single(result["proofIss"]!.AsArray())!.GetValue<string>());
        Assert.Equal("Marie", Assert.Single(result["claims"]!.AsArray())!["given_name"]!.GetValue<string>());
    }

    /// <summary>Starts the issuer on Kestrel, makes an offer and lets the npm wallet redeem it; returns the wallet's JSON output.</summary>
    private static async Task<JsonNode> RunWalletAsync(int batch, string? clientId)
    {
        var script = FindScript();
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));
        await using var factory = new KestrelIssuer(port, data);
        factory.StartServer();

        CredentialOfferResult offer;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            offer = await scope.ServiceProvider.GetRequiredService<ICredentialOfferFactory>().CreateAsync(TestWallet.CitizenId, CancellationToken.None);
        }

        var environment = new Dictionary<string, string>
        {
            ["ISSUER_BASE"] = $"http://127.0.0.1:{port}",
            ["OFFER"] = offer.OfferUri,
            ["TX_CODE"] = offer.TxCode,
            ["BATCH"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["STATUS_BASE"] = "https://localhost",
        };
        if (clientId is not null)
        {
            environment["CLIENT_ID"] = clientId;
        }

        var output = await RunNodeAsync(script, environment);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return JsonNode.Parse(output)!;
    }

    private static async Task<string> RunNodeAsync(string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = Path.GetDirectoryName(script)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, "wallet failed: " + await stderr);
        return await stdout;
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "tests", "interop-wallet");
            if (File.Exists(Path.Combine(folder, "wallet.mjs")))
            {
                if (!Directory.Exists(Path.Combine(folder, "node_modules", "@openid4vc")))
                {
                    Assert.Skip("Run `npm ci` in tests/interop-wallet to install the independent wallet libraries.");
                }

                return Path.Combine(folder, "wallet.mjs");
            }
        }

        throw new InvalidOperationException("tests/interop-wallet/wallet.mjs not found above " + AppContext.BaseDirectory);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The issuer on Kestrel (a real socket) so that a process outside .NET can reach it.</summary>
    internal sealed class KestrelIssuer : WebApplicationFactory<Program>
    {
        private readonly int _port;
        private readonly string _data;

        public KestrelIssuer(int port, string data)
        {
            _port = port;
            _data = data;
            UseKestrel(port);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Issuer:DataPath", _data);
            builder.UseSetting("Issuer:IssuerUri", $"http://127.0.0.1:{_port}");
            builder.UseSetting("StatusLists:BaseUri", "https://localhost");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
                // A file still open only leaves a temporary folder behind.
            }
        }
    }
}
