using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Issuer.SystemTests.Flow;

/// <summary>
/// A client driving PAR, the front channel and the token endpoint by hand: confidential (client_secret_basic) with a secret, public
/// (client_id in the body, RFC 6749 §2.3) without.
/// </summary>
internal sealed class OidcClient(string clientId, string? clientSecret, Uri redirectUri)
{
    public const string DemoClientId = "demo-rp";
    public const string DemoClientSecret = "demo-rp-secret";
    public static readonly Uri DemoRedirectUri = new("http://localhost:5090/signin-oidc");
    public const string DemoUsername = "marie.tremblay";
    public const string DemoPassword = "Demo-Citoyen-2026";

    public static OidcClient Demo() => new(DemoClientId, DemoClientSecret, DemoRedirectUri);

    /// <summary>The public demonstration wallet, for the credential scope (OpenID4VCI §5).</summary>
    public static OidcClient Wallet() => new("demo-wallet", null, WalletRedirectUri);

    public static readonly Uri WalletRedirectUri = new("http://localhost:5093/callback");

    public string ClientId => clientId;

    /// <summary>One authorization request's secrets (RFC 7636 verifier, state, nonce).</summary>
    public sealed record Pending(string CodeVerifier, string State, string Nonce, Uri AuthorizationUrl);

    /// <summary>RFC 9126 §2: pushes the request at <paramref name="server"/> and returns the URL the browser opens.</summary>
    public async Task<Pending> PushAsync(Uri server, string scope, string? uiLocales, CancellationToken cancellationToken, string? prompt = null)
    {
        var verifier = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var nonce = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        using var http = CreateBackChannel();
        var form = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["scope"] = scope,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = state,
            ["nonce"] = nonce,
        };
        if (uiLocales is not null)
        {
            form["ui_locales"] = uiLocales; // OpenID Connect Core §3.1.2.1
        }

        if (prompt is not null)
        {
            form["prompt"] = prompt; // OpenID Connect Core §3.1.2.1
        }

        AddPublicClientId(form);
        using var response = await http.PostAsync(new Uri(server, "connect/par"), new FormUrlEncodedContent(form), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"PAR answered {(int)response.StatusCode}: {body}");
        var requestUri = JsonDocument.Parse(body).RootElement.GetProperty("request_uri").GetString()!;
        var url = QueryHelpers.AddQueryString(new Uri(server, "connect/authorize").AbsoluteUri, new Dictionary<string, string?> { ["client_id"] = clientId, ["request_uri"] = requestUri });
        return new Pending(verifier, state, nonce, new Uri(url));
    }

    /// <summary>RFC 6749 §4.1.3 at <paramref name="server"/>'s token endpoint; returns the status and the JSON body.</summary>
    public Task<(int Status, JsonElement Body)> RedeemAsync(Uri server, string code, Pending pending, CancellationToken cancellationToken)
        => TokenAsync(server, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["code_verifier"] = pending.CodeVerifier,
        }, cancellationToken);

    /// <summary>RFC 6749 §6.</summary>
    public Task<(int Status, JsonElement Body)> RefreshAsync(Uri server, string refreshToken, CancellationToken cancellationToken)
        => TokenAsync(server, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, cancellationToken);

    public async Task<(int Status, JsonElement Body)> TokenAsync(Uri server, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        AddPublicClientId(form);
        using var http = CreateBackChannel();
        using var response = await http.PostAsync(new Uri(server, "connect/token"), new FormUrlEncodedContent(form), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return ((int)response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private void AddPublicClientId(Dictionary<string, string> form)
    {
        if (clientSecret is null)
        {
            form["client_id"] = clientId;
        }
    }

    private HttpClient CreateBackChannel()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        if (clientSecret is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}")));
        }

        return http;
    }
}
