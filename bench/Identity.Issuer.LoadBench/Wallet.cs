using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.LoadBench;

/// <summary>One prepared credential request: the bearer token and the JSON body with its proofs (signed before the timed phase).</summary>
internal sealed record PreparedRequest(string AccessToken, byte[] Body, int Credentials);

/// <summary>
/// The wallet's side, all outside the timed phase: the demo citizen signs in on "mes attestations" and asks for offers, each offer's
/// pre-authorized code is redeemed with its tx_code (OpenID4VCI §6), and for every request a c_nonce is fetched (§7) and fresh
/// ES256 holder keys sign <c>jwt</c> proofs (Appendix F.1).
/// </summary>
internal static partial class Wallet
{
    private const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
    private const string Username = "marie.tremblay";
    private const string Password = "Demo-Citoyen-2026";

    /// <summary>Access tokens for the credential scope, one per offer.</summary>
    public static async Task<List<string>> AccessTokensAsync(Uri issuer, int count)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = issuer };
        using (var login = await http.GetAsync(new Uri("login?ReturnUrl=%2Fattestations", UriKind.Relative)))
        {
            var html = await login.Content.ReadAsStringAsync();
            using var signedIn = await http.PostAsync(new Uri("login?ReturnUrl=%2Fattestations", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Username"] = Username,
                ["Password"] = Password,
                ["ReturnUrl"] = "/attestations",
                ["__RequestVerificationToken"] = Antiforgery(html),
            }));
            if ((int)signedIn.StatusCode is < 300 or >= 400)
            {
                throw new InvalidOperationException($"Sign-in of the demo citizen failed with HTTP {(int)signedIn.StatusCode}.");
            }
        }

        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var page = await http.GetStringAsync(new Uri("attestations", UriKind.Relative));
            using var offer = await http.PostAsync(new Uri("attestations?handler=Offer", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Antiforgery(page),
            }));
            var offerHtml = await offer.Content.ReadAsStringAsync();
            var link = OfferLink().Match(offerHtml);
            var txCode = TxCode().Match(offerHtml);
            if (!link.Success || !txCode.Success)
            {
                throw new InvalidOperationException($"No credential offer on the page (HTTP {(int)offer.StatusCode}).");
            }

            var offerUri = new Uri(Uri.UnescapeDataString(WebUtility.HtmlDecode(link.Groups[1].Value).Split("credential_offer_uri=")[1]));
            var grant = JsonNode.Parse(await http.GetStringAsync(new Uri(issuer, offerUri.PathAndQuery)))!["grants"]![PreAuthorizedGrant]!;
            using var token = await http.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = PreAuthorizedGrant,
                ["pre-authorized_code"] = grant["pre-authorized_code"]!.GetValue<string>(),
                ["tx_code"] = txCode.Groups[1].Value.Trim(),
            }));
            var body = JsonNode.Parse(await token.Content.ReadAsStringAsync())!;
            tokens.Add(body["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException("Token request failed: " + body.ToJsonString()));
        }

        return tokens;
    }

    /// <summary>
    /// <paramref name="requests"/> credential requests of <paramref name="batch"/> proofs each: nonces fetched over
    /// <paramref name="connections"/> parallel connections, proofs signed on every core.
    /// </summary>
    public static async Task<PreparedRequest[]> PrepareAsync(Uri issuer, IReadOnlyList<string> tokens, int requests, int batch, int connections)
    {
        using var http = new HttpClient { BaseAddress = issuer };
        var nonces = new string[requests];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                using var response = await http.PostAsync(new Uri("oid4vci/nonce", UriKind.Relative), null);
                nonces[i] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["c_nonce"]!.GetValue<string>();
            }
        }));

        var audience = issuer.AbsoluteUri.TrimEnd('/');
        var prepared = new PreparedRequest[requests];
        Parallel.For(0, requests, i =>
        {
            var proofs = new JsonArray();
            for (var p = 0; p < batch; p++)
            {
                proofs.Add(Proof(audience, nonces[i]));
            }

            var body = new JsonObject
            {
                ["credential_configuration_id"] = Identity.Issuer.Oid4Vci.Metadata.IdentityCredentialType.ConfigurationId,
                ["proofs"] = new JsonObject { ["jwt"] = proofs },
            };
            prepared[i] = new PreparedRequest(tokens[i % tokens.Count], Encoding.UTF8.GetBytes(body.ToJsonString()), batch);
        });
        return prepared;
    }

    /// <summary>Appendix F.1: a proof by a fresh P-256 holder key, the public key in the <c>jwk</c> header.</summary>
    public static string Proof(string audience, string nonce)
    {
        using var holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = holder.ExportParameters(false).Q;
        var header = new JsonObject
        {
            ["typ"] = "openid4vci-proof+jwt",
            ["alg"] = "ES256",
            ["jwk"] = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y) },
        };
        var payload = new JsonObject { ["aud"] = audience, ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["nonce"] = nonce };
        var input = Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
        return input + "." + Base64UrlEncoder.Encode(holder.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }

    private static string Antiforgery(string html)
    {
        var match = AntiforgeryField().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("No antiforgery field on the page.");
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)""")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("""id="offer-link"\s+href="([^"]+)""")]
    private static partial Regex OfferLink();

    [GeneratedRegex("""id="offer-tx-code"[^>]*>([^<]+)<""")]
    private static partial Regex TxCode();
}
