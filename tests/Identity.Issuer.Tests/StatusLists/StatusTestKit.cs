using System.Net.Http.Headers;
using System.Security.Cryptography;
using Identity.Issuer.Admin;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Issuer.StatusLists;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.StatusList;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests.StatusLists;

/// <summary>Shared steps of the status list and admin API tests.</summary>
internal static class StatusTestKit
{
    public const string BaseUri = "https://issuer.test";
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>An issuer whose status lists are published under <see cref="BaseUri"/>; <paramref name="size"/> shrinks lists.</summary>
    public static Task<IssuerServer> CreateServerAsync(int? size = null, Action<IssuerServerOptions>? configure = null)
        => IssuerServer.CreateServerAsync(options =>
        {
            options.Settings["StatusLists:BaseUri"] = BaseUri;
            if (size is { } entries)
            {
                options.Settings["StatusLists:Size"] = entries.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            configure?.Invoke(options);
        });

    /// <summary>Writes a credential record the way the credential endpoint does: an allocated entry, no claim values.</summary>
    public static async Task<IssuedCredential> IssueAsync(IssuerServer server, string citizenId = "cit-7f3a9c21")
    {
        await using var scope = server.Services.CreateAsyncScope();
        var allocation = await scope.ServiceProvider.GetRequiredService<IStatusListAllocator>().AllocateAsync(CancellationToken.None);
        var now = server.Clock.GetUtcNow();
        var credential = new IssuedCredential
        {
            Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            CitizenId = citizenId,
            ClientId = "test-wallet",
            ConfigurationId = "identity_sd_jwt_vc",
            Vct = BaseUri + "/vct/identity",
            StatusListId = allocation.ListId,
            StatusIndex = allocation.Index,
            HolderKeyThumbprint = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)),
            IssuedAt = now,
            ExpiresAt = now.AddDays(365),
        };
        var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
        db.Add(credential);
        await db.SaveChangesAsync();
        return credential;
    }

    /// <summary>Fetches and validates the list's token with the issuer's status list key, and returns the decoded list.</summary>
    public static async Task<(HttpResponseMessage Response, TokenStatusList? List, JsonWebToken? Token)> FetchListAsync(IssuerServer server, HttpClient http, string listId, string baseUri = BaseUri)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status-lists/" + listId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/statuslist+jwt"));
        var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return (response, null, null);
        }

        var text = await response.Content.ReadAsStringAsync();
        var key = server.Services.GetRequiredService<IStatusListSigningKey>().Credentials.Key;
        var validation = await StatusListTokenValidator.ValidateAsync(text, $"{baseUri}/status-lists/{listId}", [key], new StatusListTokenValidationOptions { TimeProvider = server.Clock });
        Assert.True(validation.IsSuccess, validation.Error?.Code);
        return (response, validation.Value!.List, new JsonWebToken(text));
    }

    /// <summary>An access token for the seeded demo admin client, through client_credentials with private_key_jwt (RFC 7523 §2.2).</summary>
    public static async Task<string> AdminTokenAsync(IssuerServer server, HttpClient http, string scope = AdminClients.Scope)
    {
        var jwk = new JsonWebKey(await File.ReadAllTextAsync(Path.Combine(server.DataPath, AdminClients.PrivateKeyFile)));
        var response = await OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = AdminClients.DemoClientId,
            ["client_assertion_type"] = AssertionType,
            ["client_assertion"] = Assertion(AdminClients.DemoClientId, jwk, server.Clock.GetUtcNow()),
            ["scope"] = scope,
        });
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, response.Error + " " + response.ErrorDescription);
        return response.Get("access_token")!;
    }

    public static string Assertion(string clientId, SecurityKey key, DateTimeOffset now) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = clientId,
        Audience = "http://localhost/",
        Claims = new Dictionary<string, object> { ["sub"] = clientId, ["jti"] = Guid.NewGuid().ToString("N") },
        IssuedAt = now.UtcDateTime,
        NotBefore = now.UtcDateTime,
        Expires = now.AddMinutes(2).UtcDateTime,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
    });

    /// <summary>POSTs an admin call with an optional bearer token.</summary>
    public static async Task<JsonResponse> AdminAsync(HttpClient http, string credentialId, string action, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/credentials/{credentialId}/{action}");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 ? System.Text.Json.JsonDocument.Parse(text).RootElement.Clone() : default;
        return new JsonResponse(response.StatusCode, body);
    }
}
