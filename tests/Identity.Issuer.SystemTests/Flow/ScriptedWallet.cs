using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Issuer.SystemTests.Flow;

/// <summary>
/// A minimal wallet (OpenID4VCI 1.0): resolves an offer, redeems its pre-authorized code with the tx_code (§6), asks for a
/// c_nonce (§7), proves a key with a <c>jwt</c> proof (Appendix F.1) and requests a credential (§8). Each step takes the
/// replica it talks to, so a test can spread one issuance over several processes.
/// </summary>
internal sealed class ScriptedWallet : IDisposable
{
    private const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly ECDsa _holder = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>What a credential offer (§4.1) tells the wallet.</summary>
    public sealed record Offer(string CredentialIssuer, string PreAuthorizedCode, string ConfigurationId);

    /// <summary>Resolves the offer behind an <c>openid-credential-offer://?credential_offer_uri=…</c> link at <paramref name="server"/>.</summary>
    public async Task<Offer> ResolveOfferAsync(Uri server, string link, CancellationToken cancellationToken)
    {
        var offerUri = new Uri(QueryHelpers.ParseQuery(new Uri(link).Query)["credential_offer_uri"].ToString());
        var offer = JsonNode.Parse(await _http.GetStringAsync(new Uri(server, offerUri.PathAndQuery), cancellationToken))!;
        return new Offer(
            offer["credential_issuer"]!.GetValue<string>(),
            offer["grants"]![PreAuthorizedGrant]!["pre-authorized_code"]!.GetValue<string>(),
            offer["credential_configuration_ids"]![0]!.GetValue<string>());
    }

    /// <summary>§6.1: the pre-authorized code and the tx_code for an access token.</summary>
    public async Task<string> RedeemAsync(Uri server, Offer offer, string txCode, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri(server, "/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = PreAuthorizedGrant,
            ["pre-authorized_code"] = offer.PreAuthorizedCode,
            ["tx_code"] = txCode,
        }), cancellationToken);
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        Assert.True(response.IsSuccessStatusCode, token.ToJsonString());
        return token["access_token"]!.GetValue<string>();
    }

    /// <summary>§7: a fresh c_nonce from the nonce endpoint of <paramref name="server"/>.</summary>
    public async Task<string> NonceAsync(Uri server, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri(server, "/oid4vci/nonce"), null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["c_nonce"]!.GetValue<string>();
    }

    /// <summary>Appendix F.1: a <c>jwt</c> proof of the holder key over <paramref name="nonce"/>, for <paramref name="audience"/>.</summary>
    public string Proof(string audience, string nonce)
    {
        var parameters = _holder.ExportParameters(false);
        var header = new JsonObject
        {
            ["typ"] = "openid4vci-proof+jwt",
            ["alg"] = "ES256",
            ["jwk"] = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64UrlTextEncoder.Encode(parameters.Q.X!), ["y"] = Base64UrlTextEncoder.Encode(parameters.Q.Y!) },
        };
        var payload = new JsonObject { ["aud"] = audience, ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["nonce"] = nonce };
        var input = Base64UrlTextEncoder.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64UrlTextEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return input + "." + Base64UrlTextEncoder.Encode(_holder.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }

    /// <summary>§8: the credential request at <paramref name="server"/>; returns the status and the JSON body (credentials or error).</summary>
    public async Task<(int Status, JsonNode Body)> RequestCredentialAsync(Uri server, string accessToken, string configurationId, string proof, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/oid4vci/credential"))
        {
            Content = new StringContent(new JsonObject
            {
                ["credential_configuration_id"] = configurationId,
                ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(proof) },
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return ((int)response.StatusCode, JsonNode.Parse(body.Length == 0 ? "{}" : body)!);
    }

    public void Dispose()
    {
        _http.Dispose();
        _holder.Dispose();
    }
}
