using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Identity.Issuer.Citizens;
using Identity.Issuer.Oidc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests.Infrastructure;

/// <summary>PKCE verifier and S256 challenge (RFC 7636 §4.1–4.2).</summary>
internal sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce Create()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}

/// <summary>An authorization request as a client would push it; tests change one parameter to test one refusal.</summary>
internal sealed class AuthorizationRequest
{
    public string ClientId { get; set; } = DemoClients.DemoRpId;

    public string? Secret { get; set; } = DemoClients.DemoRpSecret;

    public string RedirectUri { get; set; } = DemoClients.DemoRpRedirect;

    public string Scope { get; set; } = "openid profile birthdate address email offline_access";

    public Pkce Pkce { get; set; } = Pkce.Create();

    public string State { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    public string Nonce { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    /// <summary>Extra or replaced parameters; a null value removes the parameter.</summary>
    public Dictionary<string, string?> Parameters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> ToForm()
    {
        var form = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = Scope,
            ["state"] = State,
            ["nonce"] = Nonce,
            ["code_challenge"] = Pkce.Challenge,
            ["code_challenge_method"] = "S256",
        };
        foreach (var (key, value) in Parameters)
        {
            form[key] = value;
        }

        return form.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
    }
}

/// <summary>A JSON response with its status.</summary>
internal sealed record JsonResponse(HttpStatusCode Status, JsonElement Body)
{
    public string? Error => Get("error");

    public string? ErrorDescription => Get("error_description");

    public string? Get(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The end of an authorization request: a redirect to the client, or an error page.</summary>
internal sealed record AuthorizeResult(HttpResponseMessage Response, string Body)
{
    public Dictionary<string, string> Query => Response.Headers.Location is { } location && location.IsAbsoluteUri
        ? QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal)
        : [];

    public string? Code => Query.GetValueOrDefault("code");

    public string? Error => Query.GetValueOrDefault("error");
}

/// <summary>Drives the login flow over real HTTP through the test server: PAR, login form, consent form, token endpoint.</summary>
internal static partial class OidcFlow
{
    public const string Citizen = "marie.tremblay";

    public static AuthenticationHeaderValue Basic(string clientId, string secret)
        // RFC 6749 §2.3.1: both parts form-urlencoded before base64.
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));

    public static async Task<JsonResponse> PostFormAsync(HttpClient http, string path, IDictionary<string, string> form, AuthenticationHeaderValue? authorization = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        message.Headers.Authorization = authorization;
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new JsonResponse(response.StatusCode, body);
    }

    /// <summary>Pushes the request (RFC 9126 §2.1) with client_secret_basic unless the form carries a client assertion.</summary>
    public static Task<JsonResponse> PushAsync(HttpClient http, AuthorizationRequest request)
    {
        var form = request.ToForm();
        var auth = request.Secret is null ? null : Basic(request.ClientId, request.Secret);
        if (auth is not null)
        {
            form.Remove("client_id");
        }

        return PostFormAsync(http, "/connect/par", form, auth);
    }

    public static string AuthorizeUrl(string clientId, string requestUri)
        => QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?> { ["client_id"] = clientId, ["request_uri"] = requestUri });

    /// <summary>Follows the authorization endpoint through login and consent, like a browser would.</summary>
    public static async Task<AuthorizeResult> AuthorizeAsync(HttpClient http, string url, string username = Citizen, string decision = "accept", string password = SeededCitizenDirectory.DemoPassword)
    {
        var response = await http.GetAsync(url);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/login", StringComparison.Ordinal))
        {
            var login = await LoginAsync(http, response.Headers.Location.OriginalString, username, password);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            response = await http.GetAsync(login.Headers.Location!.OriginalString);
        }

        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains("consent-accept", StringComparison.Ordinal))
        {
            return new AuthorizeResult(response, body);
        }

        var form = HiddenFields(body);
        form["decision"] = decision;
        response = await http.PostAsync("/connect/authorize", new FormUrlEncodedContent(form));
        return new AuthorizeResult(response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Gets the login page and posts the form with its antiforgery token.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(HttpClient http, string loginUrl, string username, string password)
    {
        var page = await (await http.GetAsync(loginUrl)).Content.ReadAsStringAsync();
        var form = HiddenFields(page);
        form["Username"] = username;
        form["Password"] = password;
        return await http.PostAsync(loginUrl, new FormUrlEncodedContent(form));
    }

    public static Dictionary<string, string> HiddenFields(string html)
        => HiddenInput().Matches(html)
            .Select(m => (Name: NameAttribute().Match(m.Value), Value: ValueAttribute().Match(m.Value)))
            .Where(p => p.Name.Success)
            .ToDictionary(p => WebUtility.HtmlDecode(p.Name.Groups[1].Value), p => WebUtility.HtmlDecode(p.Value.Groups[1].Value), StringComparer.Ordinal);

    public static Task<JsonResponse> RedeemAsync(HttpClient http, AuthorizationRequest request, string code, AuthenticationHeaderValue? authorization = null)
        => PostFormAsync(http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri,
            ["code_verifier"] = request.Pkce.Verifier,
        }, authorization ?? Basic(request.ClientId, request.Secret!));

    public static Task<JsonResponse> RefreshAsync(HttpClient http, AuthorizationRequest request, string refreshToken)
        => PostFormAsync(http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }, Basic(request.ClientId, request.Secret!));

    /// <summary>PAR, login, consent: returns the authorization code.</summary>
    public static async Task<string> GetCodeAsync(HttpClient http, AuthorizationRequest request, string username = Citizen)
    {
        var pushed = await PushAsync(http, request);
        Assert.Equal(HttpStatusCode.Created, pushed.Status);
        var result = await AuthorizeAsync(http, AuthorizeUrl(request.ClientId, pushed.Get("request_uri")!), username);
        Assert.Null(result.Error);
        return result.Code ?? throw new InvalidOperationException("No code: " + result.Response.StatusCode + " " + result.Response.Headers.Location);
    }

    /// <summary>The whole flow: returns the token response.</summary>
    public static async Task<JsonResponse> SignInAsync(HttpClient http, AuthorizationRequest? request = null, string username = Citizen)
    {
        request ??= new AuthorizationRequest();
        var code = await GetCodeAsync(http, request, username);
        var tokens = await RedeemAsync(http, request, code);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens;
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();

    [GeneratedRegex(" name=\"([^\"]+)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex(" value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
