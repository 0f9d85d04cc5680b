using System.Net.Http.Headers;
using System.Text;
using Identity.Issuer.Tests.Infrastructure;

namespace Identity.Issuer.Tests.Hardening;

/// <summary>
/// A bounded, seeded fuzz of every endpoint (the same 2,400 requests on every run): random protocol parameters with hostile
/// values, random JSON, broken encodings, junk credentials and headers. Any 5xx fails, with the request that caused it.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261202;
    private const int RequestsPerEndpoint = 150;

    private static readonly (string Method, string Path, string Body)[] Endpoints =
    [
        ("POST", "/connect/token", "form"), ("POST", "/connect/par", "form"), ("GET", "/connect/authorize", "query"),
        ("POST", "/connect/authorize", "form"), ("POST", "/connect/revoke", "form"), ("GET", "/connect/userinfo", "query"),
        ("POST", "/connect/endsession", "form"), ("GET", "/connect/endsession", "query"), ("POST", "/oid4vci/nonce", "form"),
        ("POST", "/oid4vci/credential", "json"), ("GET", "/oid4vci/offers/x", "query"), ("GET", "/status-lists/x", "query"),
        ("POST", "/admin/credentials/x/revoke", "json"), ("GET", "/.well-known/openid-credential-issuer", "query"),
        ("POST", "/login", "form"), ("GET", "/attestations", "query"),
    ];

    private static readonly string[] Names =
    [
        "grant_type", "code", "redirect_uri", "client_id", "client_secret", "client_assertion", "client_assertion_type", "scope",
        "response_type", "request_uri", "code_verifier", "code_challenge", "code_challenge_method", "state", "nonce", "prompt",
        "max_age", "refresh_token", "token", "token_type_hint", "id_token_hint", "post_logout_redirect_uri", "pre-authorized_code",
        "tx_code", "resource", "dpop_jkt", "Username", "Password", "ReturnUrl", "__RequestVerificationToken", "lang", "request",
        "claims", "acr_values", "credential_configuration_id", "proofs", "", "\u0000", "a[b]",
    ];

    private static readonly string[] Values =
    [
        "", " ", "null", "0", "-1", "99999999999999999999", "1e309", "true", "authorization_code", "refresh_token", "client_credentials",
        "urn:ietf:params:oauth:grant-type:pre-authorized_code", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "openid profile", "identity_credential", "code", "S256", "plain", "none login consent", "https://evil.example/cb",
        "http://localhost:5090/signin-oidc", "demo-rp", "demo-wallet", "urn:ietf:params:oauth:request_uri:abc", "eyJhbGciOiJub25lIn0.e30.",
        "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.AAAA", "a.b.c.d.e", "%ZZ", "%00", "\u00ff\u00fe", "é", "😀", "<script>alert(1)</script>",
        "' OR 1=1 --", "../../etc/passwd", "\r\nX-Injected: 1",
    ];

    [Fact]
    public async Task Two_thousand_four_hundred_hostile_requests_over_every_endpoint_get_no_5xx()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var random = new Random(Seed);
        var failures = new List<string>();

        foreach (var (method, path, body) in Endpoints)
        {
            for (var i = 0; i < RequestsPerEndpoint; i++)
            {
                using var request = Build(random, method, path, body);
                var description = $"{request.Method} {request.RequestUri} {(request.Content is null ? "" : await request.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))}";
                using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} for {description[..Math.Min(description.Length, 400)]}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
    }

    private static HttpRequestMessage Build(Random random, string method, string path, string body)
    {
        var pairs = Enumerable.Range(0, random.Next(0, 8)).Select(_ => (Pick(random, Names), Value(random))).ToList();
        var encoded = string.Join('&', pairs.Select(p => Encode(random, p.Item1) + "=" + Encode(random, p.Item2)));
        var request = new HttpRequestMessage(new HttpMethod(method), body == "query" && encoded.Length > 0 ? path + "?" + encoded : path);
        if (method == "POST")
        {
            request.Content = body == "json" ? Json(random) : new StringContent(encoded, Encoding.UTF8);
            request.Content.Headers.ContentType = random.Next(6) switch
            {
                0 => new MediaTypeHeaderValue("text/plain"),
                1 => null,
                _ => new MediaTypeHeaderValue(body == "json" ? "application/json" : "application/x-www-form-urlencoded"),
            };
        }

        switch (random.Next(5))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Value(random));
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("Authorization", "DPoP " + Value(random));
                request.Headers.TryAddWithoutValidation("DPoP", Value(random));
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Value(random) + ":" + Value(random))));
                break;
        }

        return request;
    }

    private static string Value(Random random) => random.Next(10) switch
    {
        0 => new string((char)random.Next('a', 'z'), random.Next(1, 5000)),
        1 => Convert.ToBase64String(Enumerable.Range(0, random.Next(1, 300)).Select(_ => (byte)random.Next(256)).ToArray()),
        _ => Pick(random, Values),
    };

    private static string Encode(Random random, string text) => random.Next(8) == 0 ? text : Uri.EscapeDataString(text);

    private static ByteArrayContent Json(Random random)
    {
        string[] shapes =
        [
            "{}", "[]", "null", "{\"credential_configuration_id\":" + JsonValue(random) + ",\"proofs\":{\"jwt\":[" + JsonValue(random) + "]}}",
            "{\"credential_configuration_id\":\"identity_sd_jwt\",\"proofs\":" + JsonValue(random) + "}", "{\"a\":" + new string('[', 100) + new string(']', 100) + "}",
            "{\"reason\":" + JsonValue(random) + "}", "{\"x\":1,\"x\":2}", "{",
        ];
        var bytes = Encoding.UTF8.GetBytes(Pick(random, shapes));
        if (random.Next(6) == 0)
        {
            bytes = [.. bytes, 0xff, 0xfe];
        }

        return new ByteArrayContent(bytes);
    }

    private static string JsonValue(Random random) => random.Next(5) switch
    {
        0 => "1",
        1 => "null",
        2 => "{\"jwt\":[]}",
        3 => "[\"" + Pick(random, Values).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]",
        _ => "\"" + Pick(random, Values).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\r\n", "\\r\\n", StringComparison.Ordinal) + "\"",
    };

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
