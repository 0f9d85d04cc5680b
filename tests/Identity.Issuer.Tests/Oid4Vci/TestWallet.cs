using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Issuer.Oid4Vci;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>A hand-built wallet: every request written out as OpenID4VCI 1.0 describes it, so that tests can change one part.</summary>
internal sealed class TestWallet(IssuerServer server)
{
    public const string Issuer = "http://localhost";
    public const string CitizenId = "cit-7f3a9c21";

    public HttpClient Http { get; } = server.CreateClient();

    /// <summary>A server whose issuer URL is fixed (offers are created outside a request in tests).</summary>
    public static Task<IssuerServer> CreateServerAsync(Action<IssuerServerOptions>? configure = null)
        => IssuerServer.CreateServerAsync(options =>
        {
            // Without a trailing slash, as operators should configure it: the status list token's iss is then the credential issuer identifier.
            options.Settings["Issuer:IssuerUri"] = Issuer;
            // Status list URIs must be https even when the test issuer is plain http.
            options.Settings["StatusLists:BaseUri"] = "https://localhost";
            configure?.Invoke(options);
        });

    /// <summary>What "mes attestations" does: an offer for a citizen, then the wallet resolves credential_offer_uri (§4.1.3).</summary>
    public async Task<(string Code, string TxCode, JsonObject Offer)> ReceiveOfferAsync(string citizenId = CitizenId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ICredentialOfferFactory>().CreateAsync(citizenId, CancellationToken.None);
        var link = new Uri(result.OfferUri);
        Assert.Equal("openid-credential-offer", link.Scheme);
        var offerUri = new Uri(QueryHelpers.ParseQuery(link.Query)["credential_offer_uri"].ToString());
        var offer = JsonNode.Parse(await Http.GetStringAsync(offerUri.PathAndQuery))!.AsObject();
        var code = offer["grants"]![PreAuthorizedGrantType]!["pre-authorized_code"]!.GetValue<string>();
        return (code, result.TxCode, offer);
    }

    public const string PreAuthorizedGrantType = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    /// <summary>§6.1 token request; a null value leaves a parameter out.</summary>
    public Task<JsonResponse> RedeemAsync(string? code, string? txCode, string? clientId = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = PreAuthorizedGrantType };
        if (code is not null)
        {
            form["pre-authorized_code"] = code;
        }

        if (txCode is not null)
        {
            form["tx_code"] = txCode;
        }

        if (clientId is not null)
        {
            form["client_id"] = clientId;
        }

        return OidcFlow.PostFormAsync(Http, "/connect/token", form);
    }

    /// <summary>Offer, token: an access token for the credential endpoint.</summary>
    public async Task<string> GetAccessTokenAsync()
    {
        var (code, tx, _) = await ReceiveOfferAsync();
        var token = await RedeemAsync(code, tx);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        return token.Get("access_token")!;
    }

    /// <summary>§7: a fresh c_nonce.</summary>
    public async Task<string> GetNonceAsync()
    {
        using var response = await Http.PostAsync("/oid4vci/nonce", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["c_nonce"]!.GetValue<string>();
    }

    /// <summary>Appendix F.1: a key proof; each argument can be bent for one refusal test.</summary>
    public static string Proof(SecurityKey key, string? nonce, string audience = Issuer, DateTimeOffset? issuedAt = null,
        string type = "openid4vci-proof+jwt", string? alg = null, SecurityKey? headerKey = null, Action<JsonObject>? editHeader = null, string? iss = null,
        Action<JsonObject>? editPayload = null)
    {
        alg ??= key is Ed25519SecurityKey ? JoseAlgorithms.EdDSA : JoseAlgorithms.ES256;
        var header = new JsonObject
        {
            ["typ"] = type,
            ["alg"] = alg,
            ["jwk"] = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(headerKey ?? key)))!.AsObject(),
        };
        header["jwk"]!.AsObject().Remove("kid");
        editHeader?.Invoke(header);
        var payload = new JsonObject { ["aud"] = audience, ["iat"] = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() };
        if (nonce is not null)
        {
            payload["nonce"] = nonce;
        }

        if (iss is not null)
        {
            payload["iss"] = iss;
        }

        editPayload?.Invoke(payload);

        var input = Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
        var signer = key.CryptoProviderFactory.CreateForSigning(key, JoseAlgorithms.ForKey(key));
        try
        {
            return input + "." + Base64UrlEncoder.Encode(signer.Sign(Encoding.ASCII.GetBytes(input)));
        }
        finally
        {
            key.CryptoProviderFactory.ReleaseSignatureProvider(signer);
        }
    }

    /// <summary>§8.2 credential request with a bearer token; <paramref name="body"/> replaces the built one when given.</summary>
    public async Task<JsonResponse> RequestCredentialAsync(string? accessToken, IEnumerable<string>? proofs, string configurationId = IdentityCredentialType.ConfigurationId, string? body = null)
    {
        body ??= new JsonObject
        {
            ["credential_configuration_id"] = configurationId,
            ["proofs"] = proofs is null ? null : new JsonObject { ["jwt"] = new JsonArray([.. proofs.Select(p => (JsonNode)p)]) },
        }.ToJsonString();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/oid4vci/credential") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (accessToken is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        using var response = await Http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return new JsonResponse(response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// <summary>The credentials of a successful response.</summary>
    public static IReadOnlyList<string> Credentials(JsonResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.OK, $"{response.Status} {response.Error} {response.ErrorDescription}");
        return [.. response.Body.GetProperty("credentials").EnumerateArray().Select(c => c.GetProperty("credential").GetString()!)];
    }

    /// <summary>Verifies a credential as a relying party would: issuer keys from the JWT VC Issuer Metadata, no key binding.</summary>
    public async Task<SdJwtVcCredential> VerifyAsync(string credential, DateTimeOffset now)
    {
        var metadata = JsonNode.Parse(await Http.GetStringAsync("/.well-known/jwt-vc-issuer"))!;
        Assert.Equal(Issuer, metadata["issuer"]!.GetValue<string>());
        var keys = metadata["jwks"]!["keys"]!.AsArray()
            .Select(k => JwkKeys.TryCreateSecurityKey(k!.ToJsonString(), out var key) ? key! : throw new InvalidOperationException("bad issuer key"))
            .ToArray();
        var verifier = new SdJwtVcVerifier(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        var result = await verifier.VerifyAsync(credential, new SdJwtVcVerificationOptions { IssuerSigningKeys = keys, RequireKeyBinding = false });
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value;
    }

    public static ClaimPath[] AllClaims => [.. IdentityCredentialType.Claims.Select(c => c.Path.Length == 1 ? ClaimPath.Of(c.Path[0]) : ClaimPath.Of(c.Path[0], c.Path[1]))];
}
