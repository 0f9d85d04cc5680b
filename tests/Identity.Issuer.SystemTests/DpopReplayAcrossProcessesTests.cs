using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Issuer.SystemTests.Hosting;

namespace Identity.Issuer.SystemTests;

/// <summary>
/// RFC 9449 §11.1: a DPoP proof is used once, across every replica. A proof accepted at replica A is refused at replica B because
/// the jti cache is shared through Redis (DESIGN §5); a fresh proof is accepted.
/// </summary>
public sealed class DpopReplayAcrossProcessesTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dpop_proof_used_at_A_is_refused_at_B_and_a_fresh_one_is_accepted()
    {
        await using var cluster = await IssuerCluster.StartAsync(2, cancellationToken: Token);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // htu is the public token endpoint, the same for both replicas behind one issuer URL.
        var htu = new Uri(cluster.Issuer, "connect/token").AbsoluteUri;

        var proof = Proof(key, htu);
        var (first, firstBody) = await TokenAsync(cluster[0].BaseAddress, proof);
        Assert.True(first == 200, $"{firstBody}{Environment.NewLine}{cluster.Output}");
        Assert.Equal("DPoP", firstBody.GetProperty("token_type").GetString());

        var (replay, replayBody) = await TokenAsync(cluster[1].BaseAddress, proof);
        Assert.Equal(400, replay);
        Assert.Equal("invalid_dpop_proof", replayBody.GetProperty("error").GetString());
        Assert.StartsWith("DPOP_PROOF_REPLAYED:", replayBody.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        var (fresh, freshBody) = await TokenAsync(cluster[1].BaseAddress, Proof(key, htu));
        Assert.True(fresh == 200, freshBody.ToString());
    }

    private static async Task<(int Status, JsonElement Body)> TokenAsync(Uri server, string proof)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "connect/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("demo-service:demo-service-secret")));
        request.Headers.Add("DPoP", proof);
        using var response = await http.SendAsync(request, Token);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.Clone());
    }

    /// <summary>A DPoP proof (RFC 9449 §4.2) written by hand with the platform's ECDSA, independent of the project's code.</summary>
    private static string Proof(ECDsa key, string htu)
    {
        var point = key.ExportParameters(false).Q;
        var header = new JsonObject
        {
            ["typ"] = "dpop+jwt",
            ["alg"] = "ES256",
            ["jwk"] = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64Url.EncodeToString(point.X), ["y"] = Base64Url.EncodeToString(point.Y) },
        };
        var payload = new JsonObject
        {
            ["jti"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            ["htm"] = "POST",
            ["htu"] = htu,
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }
}
