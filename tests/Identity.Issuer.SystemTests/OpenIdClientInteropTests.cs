using System.Diagnostics;
using System.Text.Json;
using Identity.Issuer.SystemTests.Flow;
using Identity.Issuer.SystemTests.Hosting;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// The whole flow driven by an independent implementation: panva's openid-client (npm) in tests/interop-js/oidc-flow.mjs
/// does discovery, PAR, PKCE, the authorization response checks (state, RFC 9207 iss), ID token validation, userinfo and
/// refresh token rotation against a real issuer process.
/// </summary>
public sealed class OpenIdClientInteropTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Openid_client_completes_discovery_PAR_PKCE_code_userinfo_and_refresh()
    {
        var node = NodeWithPackagesOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: Token);
        var summary = await RunFlowAsync(node, cluster, tokenEndpoint: null);
        AssertCompleteFlow(summary, cluster.Issuer);
    }

    [Fact]
    public async Task Openid_client_redeems_at_replica_B_a_code_issued_by_replica_A()
    {
        var node = NodeWithPackagesOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(2, cancellationToken: Token);
        var summary = await RunFlowAsync(node, cluster, new Uri(cluster[1].BaseAddress, "connect/token"));
        AssertCompleteFlow(summary, cluster.Issuer);
    }

    [Fact]
    public async Task Openid_client_completes_a_dpop_bound_code_flow_with_userinfo_and_refresh()
    {
        var node = NodeWithPackagesOrSkip();
        await using var cluster = await IssuerCluster.StartAsync(1, useRedis: false, cancellationToken: Token);
        var summary = await RunFlowAsync(node, cluster, tokenEndpoint: null, dpop: true);
        AssertCompleteFlow(summary, cluster.Issuer);
        // RFC 9449 §5.1: DPoP-bound access tokens, at the code exchange and at refresh; §7: userinfo with proofs, and not as Bearer.
        Assert.True(summary.GetProperty("dpop").GetBoolean());
        // openid-client reports token_type in lower case (it is case-insensitive, RFC 6749 §7.1).
        Assert.Equal("DPoP", summary.GetProperty("tokenType").GetString(), ignoreCase: true);
        Assert.Equal("DPoP", summary.GetProperty("refreshedTokenType").GetString(), ignoreCase: true);
        Assert.Equal(summary.GetProperty("userinfoSub").GetString(), summary.GetProperty("refreshedUserinfoSub").GetString());
        Assert.Equal("dpop:invalid_token", summary.GetProperty("bearerUserinfo").GetString());
    }

    private static void AssertCompleteFlow(JsonElement summary, Uri issuer)
    {
        var issuerId = issuer.AbsoluteUri;
        // RFC 9126 §4: with PAR, the authorization request carries only client_id and request_uri.
        Assert.Equal("client_id,request_uri", summary.GetProperty("parRequestUriOnly").GetString());
        Assert.Equal(["login", "consent"], summary.GetProperty("pages").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(issuerId, summary.GetProperty("iss").GetString());
        var idToken = summary.GetProperty("idToken");
        Assert.Equal(issuerId, idToken.GetProperty("iss").GetString());
        Assert.Equal(OidcClient.DemoClientId, idToken.GetProperty("aud").ValueKind == JsonValueKind.Array ? idToken.GetProperty("aud")[0].GetString() : idToken.GetProperty("aud").GetString());
        Assert.False(string.IsNullOrEmpty(idToken.GetProperty("acr").GetString()));
        Assert.Equal(idToken.GetProperty("sub").GetString(), summary.GetProperty("userinfoSub").GetString());
        Assert.Contains("given_name", summary.GetProperty("userinfoClaims").EnumerateArray().Select(c => c.GetString()));
        Assert.True(summary.GetProperty("refreshRotated").GetBoolean());
        Assert.True(summary.GetProperty("refreshedAccessToken").GetBoolean());
        Assert.Equal("invalid_grant", summary.GetProperty("rotatedRefreshReuse").GetString());
        Assert.Equal("invalid_grant", summary.GetProperty("codeReuse").GetString());
    }

    private static string NodeWithPackagesOrSkip()
    {
        var node = TestEnvironment.NodeOrSkip();
        Assert.SkipUnless(
            Directory.Exists(Path.Combine(InteropFolder, "node_modules", "openid-client")),
            "tests/interop-js has no node_modules: run 'npm ci' there (.ci/run does) to run the openid-client interoperability tests.");
        return node;
    }

    private static string InteropFolder => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "interop-js");

    private static async Task<JsonElement> RunFlowAsync(string node, IssuerCluster cluster, Uri? tokenEndpoint, bool dpop = false)
    {
        var start = new ProcessStartInfo(node) { WorkingDirectory = InteropFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("oidc-flow.mjs");
        start.Environment["ISSUER"] = cluster.Issuer.AbsoluteUri;
        start.Environment["CLIENT_ID"] = OidcClient.DemoClientId;
        start.Environment["CLIENT_SECRET"] = OidcClient.DemoClientSecret;
        start.Environment["REDIRECT_URI"] = OidcClient.DemoRedirectUri.AbsoluteUri;
        start.Environment["LOGIN_USERNAME"] = OidcClient.DemoUsername;
        start.Environment["LOGIN_PASSWORD"] = OidcClient.DemoPassword;
        start.Environment["SCOPE"] = "openid profile offline_access";
        if (dpop)
        {
            start.Environment["DPOP"] = "1";
        }

        if (tokenEndpoint is not null)
        {
            start.Environment["TOKEN_ENDPOINT"] = tokenEndpoint.AbsoluteUri;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var stderr = process.StandardError.ReadToEndAsync(Token);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token))
        {
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"oidc-flow.mjs exited with {process.ExitCode}:{Environment.NewLine}{await stderr}{Environment.NewLine}{output}");
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
