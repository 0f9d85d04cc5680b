using System.Net;
using System.Security.Cryptography;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests;

/// <summary>private_key_jwt client authentication (RFC 7523 §2.2 and §3, OpenID Connect Core §9).</summary>
public sealed class ClientAssertionTests
{
    private const string ClientId = "pkjwt-rp";
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static async Task<(IssuerServer Server, ECDsaSecurityKey Key)> CreateAsync()
    {
        var key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "rp-key-1" };
        var publicJwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(key.ECDsa.ExportParameters(false))) { KeyId = key.KeyId });
        var server = await IssuerServer.CreateServerAsync(options =>
        {
            var client = DemoClients.LoginClient(ClientId, secret: null, "Client à clé", "Key client", "http://localhost:5092/signin-oidc", "http://localhost:5092/signout-callback-oidc", "key-sector");
            client.JsonWebKeySet = new JsonWebKeySet { Keys = { publicJwk } };
            client.Permissions.Add(OpenIddict.Abstractions.OpenIddictConstants.Permissions.GrantTypes.ClientCredentials);
            options.Clients.Add(client);
        });
        return (server, key);
    }

    private static string Assertion(ECDsaSecurityKey key, DateTimeOffset now, string? jti = null, bool withJti = true, string type = "client-authentication+jwt", string audience = "http://localhost/")
    {
        var claims = new Dictionary<string, object> { ["sub"] = ClientId };
        if (withJti)
        {
            claims["jti"] = jti ?? Guid.NewGuid().ToString("N");
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ClientId,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(2).UtcDateTime,
            TokenType = type,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static Task<JsonResponse> ClientCredentialsAsync(HttpClient http, string assertion)
        => OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_assertion_type"] = AssertionType,
            ["client_assertion"] = assertion,
        });

    [Fact]
    public async Task Accepts_private_key_jwt_for_PAR_and_code_redemption()
    {
        var (server, key) = await CreateAsync();
        await using var _ = server;
        using var http = server.CreateClient();
        var request = new AuthorizationRequest { ClientId = ClientId, Secret = null, RedirectUri = "http://localhost:5092/signin-oidc" };
        request.Parameters["client_assertion_type"] = AssertionType;
        request.Parameters["client_assertion"] = Assertion(key, server.Clock.GetUtcNow());
        var pushed = await OidcFlow.PushAsync(http, request);
        Assert.Equal(HttpStatusCode.Created, pushed.Status);
        var result = await OidcFlow.AuthorizeAsync(http, OidcFlow.AuthorizeUrl(ClientId, pushed.Get("request_uri")!));

        var tokens = await OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = result.Code!,
            ["redirect_uri"] = request.RedirectUri,
            ["code_verifier"] = request.Pkce.Verifier,
            ["client_id"] = ClientId,
            ["client_assertion_type"] = AssertionType,
            ["client_assertion"] = Assertion(key, server.Clock.GetUtcNow()),
        });

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens.Get("id_token"));
    }

    [Fact]
    public async Task Rejects_replayed_client_assertion()
    {
        var (server, key) = await CreateAsync();
        await using var _ = server;
        using var http = server.CreateClient();
        var assertion = Assertion(key, server.Clock.GetUtcNow());
        var first = await ClientCredentialsAsync(http, assertion);
        Assert.True(first.Status == HttpStatusCode.OK, first.ErrorDescription);

        var replay = await ClientCredentialsAsync(http, assertion);

        Assert.Equal("invalid_client", replay.Error);
        Assert.StartsWith(IssuerErrorCodes.ClientAssertionReplayed, replay.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepts_client_assertion_without_typ_header()
    {
        var (server, key) = await CreateAsync();
        await using var _ = server;
        using var http = server.CreateClient();
        var now = server.Clock.GetUtcNow().ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode($$"""{"alg":"ES256","kid":"{{key.KeyId}}"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"{{ClientId}}","sub":"{{ClientId}}","aud":"http://localhost/","jti":"{{Guid.NewGuid():N}}","iat":{{now}},"exp":{{now + 120}}}""");
        var signature = Base64UrlEncoder.Encode(key.ECDsa.SignData(System.Text.Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256));

        var response = await ClientCredentialsAsync(http, header + "." + payload + "." + signature);

        Assert.True(response.Status == HttpStatusCode.OK, response.ErrorDescription);
    }

    [Fact]
    public async Task Accepts_client_assertion_typed_JWT()
    {
        var (server, key) = await CreateAsync();
        await using var _ = server;
        using var http = server.CreateClient();

        var response = await ClientCredentialsAsync(http, Assertion(key, server.Clock.GetUtcNow(), type: "JWT"));

        Assert.True(response.Status == HttpStatusCode.OK, response.ErrorDescription);
    }

    [Fact]
    public async Task Rejects_client_assertion_for_another_audience()
    {
        var (server, key) = await CreateAsync();
        await using var _ = server;
        using var http = server.CreateClient();

        var response = await ClientCredentialsAsync(http, Assertion(key, server.Clock.GetUtcNow(), type: "JWT", audience: "https://other-as.example/"));

        // OpenIddict's audience check reports invalid_token here (RFC 7523 §3.1 suggests invalid_client); either way no token is issued.
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_token", response.Error);
        Assert.Null(response.Get("access_token"));
    }

    [Fact]
    public async Task Rejects_expired_client_assertion()
    {
        var (server, key) = await CreateAsync();
        await using var _ = server;
        using var http = server.CreateClient();
        var assertion = Assertion(key, server.Clock.GetUtcNow());

        // Expiry plus the 5-minute clock skew IdentityModel and OpenIddict allow.
        server.Clock.Advance(TimeSpan.FromMinutes(8));
        var response = await ClientCredentialsAsync(http, assertion);

        Assert.Equal("invalid_client", response.Error);
    }

    [Fact]
    public async Task Rejects_client_assertion_without_jti()
    {
        var (server, key) = await CreateAsync();
        await using var _ = server;
        using var http = server.CreateClient();

        var response = await ClientCredentialsAsync(http, Assertion(key, server.Clock.GetUtcNow(), withJti: false));

        Assert.Equal("invalid_client", response.Error);
        Assert.StartsWith(IssuerErrorCodes.ClientAssertionJtiMissing, response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_client_assertion_signed_by_another_key()
    {
        var (server, _) = await CreateAsync();
        await using var __ = server;
        using var http = server.CreateClient();
        var stranger = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "rp-key-1" };

        var response = await ClientCredentialsAsync(http, Assertion(stranger, server.Clock.GetUtcNow()));

        Assert.Equal("invalid_client", response.Error);
    }
}
