using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.Dpop;
using Identity.Tokens.Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;

namespace Identity.Issuer.Tests.Dpop;

/// <summary>A client's DPoP key, writing proofs as RFC 9449 §4.2 describes; every part can be bent for one refusal test.</summary>
internal sealed class DpopKey(SecurityKey key)
{
    public static DpopKey Es256() => new(JwkKeys.GenerateEs256());

    public static DpopKey Ed25519() => new(JwkKeys.GenerateEd25519());

    public string Thumbprint => JwkKeys.ComputeThumbprint(key);

    public string Proof(
        string htm,
        string htu,
        DateTimeOffset iat,
        string? accessToken = null,
        string? alg = null,
        Action<JsonObject>? header = null,
        Action<JsonObject>? payload = null)
    {
        alg ??= key is Ed25519SecurityKey ? JoseAlgorithms.EdDSA : JoseAlgorithms.ES256;
        var jwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(key)))!.AsObject();
        jwk.Remove("kid");
        var head = new JsonObject { ["typ"] = "dpop+jwt", ["alg"] = alg, ["jwk"] = jwk };
        var body = new JsonObject
        {
            ["jti"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            ["htm"] = htm,
            ["htu"] = htu,
            ["iat"] = iat.ToUnixTimeSeconds(),
        };
        if (accessToken is not null)
        {
            body["ath"] = DpopProofValidator.AccessTokenHash(accessToken);
        }

        header?.Invoke(head);
        payload?.Invoke(body);
        var input = Base64UrlEncoder.Encode(head.ToJsonString()) + "." + Base64UrlEncoder.Encode(body.ToJsonString());
        if (alg == "none")
        {
            return input + ".";
        }

        var signer = key.CryptoProviderFactory.CreateForSigning(key, key is Ed25519SecurityKey ? JoseAlgorithms.EdDSA : JoseAlgorithms.ES256);
        try
        {
            return input + "." + Base64UrlEncoder.Encode(signer.Sign(Encoding.ASCII.GetBytes(input)));
        }
        finally
        {
            key.CryptoProviderFactory.ReleaseSignatureProvider(signer);
        }
    }
}

/// <summary>A JSON response with its WWW-Authenticate header.</summary>
internal sealed record DpopResponse(HttpStatusCode Status, JsonElement Body, string? Challenge)
{
    public string? Error => Get("error");

    public string? ErrorDescription => Get("error_description");

    public string? Get(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The project code at the start of error_description ("CODE: text").</summary>
    public string? Code => ErrorDescription?.Split(':')[0] ?? ChallengeCode;

    private string? ChallengeCode => Challenge is { } c && c.IndexOf("error_description=\"", StringComparison.Ordinal) is var i and >= 0
        ? c[(i + "error_description=\"".Length)..].Split(':')[0]
        : null;
}

/// <summary>HTTP helpers for DPoP requests to the test server.</summary>
internal static class DpopHttp
{
    public const string Origin = "http://localhost";
    public const string TokenEndpoint = Origin + "/connect/token";
    public const string ParEndpoint = Origin + "/connect/par";
    public const string UserinfoEndpoint = Origin + "/connect/userinfo";
    public const string CredentialEndpoint = Origin + "/oid4vci/credential";

    /// <summary>A public login client (a single-page or native app): its refresh tokens get bound to the DPoP key (RFC 9449 §5).</summary>
    public const string PublicClientId = "dpop-public-app";
    public const string PublicRedirect = "http://localhost:5095/callback";

    public static Task<IssuerServer> CreateServerAsync(Action<IssuerServerOptions>? configure = null)
        => IssuerServer.CreateServerAsync(options =>
        {
            options.Settings["Issuer:IssuerUri"] = Origin;
            options.Settings["StatusLists:BaseUri"] = "https://localhost";
            var client = DemoClients.LoginClient(PublicClientId, null, "Application publique", "Public app", PublicRedirect, "http://localhost:5095/signout", "dpop-sector");
            client.ClientType = OpenIddictConstants.ClientTypes.Public;
            options.Clients.Add(client);
            configure?.Invoke(options);
        });

    public static AuthorizationRequest PublicRequest() => new() { ClientId = PublicClientId, Secret = null, RedirectUri = PublicRedirect, Scope = "openid profile offline_access" };

    public static async Task<DpopResponse> SendAsync(HttpClient http, HttpRequestMessage message, params string?[] proofs)
    {
        foreach (var proof in proofs.Where(p => p is not null))
        {
            message.Headers.TryAddWithoutValidation("DPoP", proof);
        }

        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new DpopResponse(response.StatusCode, body, response.Headers.WwwAuthenticate.Count > 0 ? string.Join(", ", response.Headers.WwwAuthenticate) : null);
    }

    public static Task<DpopResponse> PostFormAsync(HttpClient http, string path, IDictionary<string, string> form, string? proof, AuthenticationHeaderValue? authorization = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        message.Headers.Authorization = authorization;
        return SendAsync(http, message, proof);
    }

    /// <summary>PAR (RFC 9126) for a public or confidential client, optionally with a DPoP header (RFC 9449 §10.1).</summary>
    public static Task<DpopResponse> PushAsync(HttpClient http, AuthorizationRequest request, string? proof = null)
    {
        var form = request.ToForm();
        AuthenticationHeaderValue? auth = null;
        if (request.Secret is not null)
        {
            auth = OidcFlow.Basic(request.ClientId, request.Secret);
            form.Remove("client_id");
        }

        return PostFormAsync(http, "/connect/par", form, proof, auth);
    }

    /// <summary>PAR, login and consent; returns the code.</summary>
    public static async Task<string> GetCodeAsync(HttpClient http, AuthorizationRequest request, string? parProof = null)
    {
        var pushed = await PushAsync(http, request, parProof);
        Assert.True(pushed.Status == HttpStatusCode.Created, $"{pushed.Status} {pushed.Error} {pushed.ErrorDescription}");
        var result = await OidcFlow.AuthorizeAsync(http, OidcFlow.AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!));
        return result.Code ?? throw new InvalidOperationException("No code: " + result.Response.StatusCode);
    }

    public static Task<DpopResponse> RedeemAsync(HttpClient http, AuthorizationRequest request, string code, string? proof)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri,
            ["code_verifier"] = request.Pkce.Verifier,
        };
        if (request.Secret is null)
        {
            form["client_id"] = request.ClientId;
        }

        return PostFormAsync(http, "/connect/token", form, proof, request.Secret is null ? null : OidcFlow.Basic(request.ClientId, request.Secret));
    }

    public static Task<DpopResponse> RefreshAsync(HttpClient http, AuthorizationRequest request, string refreshToken, string? proof)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        if (request.Secret is null)
        {
            form["client_id"] = request.ClientId;
        }

        return PostFormAsync(http, "/connect/token", form, proof, request.Secret is null ? null : OidcFlow.Basic(request.ClientId, request.Secret));
    }

    public static Task<DpopResponse> UserinfoAsync(HttpClient http, string scheme, string accessToken, params string?[] proofs)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.TryAddWithoutValidation("Authorization", scheme + " " + accessToken);
        return SendAsync(http, message, proofs);
    }

    /// <summary>The cnf.jkt of an access token, or null.</summary>
    public static string? BoundThumbprint(string accessToken)
        => new JsonWebToken(accessToken).TryGetPayloadValue<JsonElement>("cnf", out var cnf) && cnf.TryGetProperty("jkt", out var jkt) ? jkt.GetString() : null;
}
