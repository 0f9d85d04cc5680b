using System.Net;
using Identity.Issuer.Admin;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Issuer.Oidc;
using Identity.Issuer.StatusLists;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Issuer.Tests.StatusLists;
using Identity.Tokens.StatusList;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;

namespace Identity.Issuer.Tests.Admin;

/// <summary>The admin API: bearer tokens of an admin client (client_credentials, private_key_jwt), transitions, audit.</summary>
public sealed class AdminApiTests
{
    private static async Task<List<AuditEntry>> AuditAsync(IssuerServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Set<AuditEntry>().AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    private static async Task<IssuedCredential> ReloadAsync(IssuerServer server, string id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Set<IssuedCredential>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private static void AssertProblem(JsonResponse response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(code, response.Get("code"));
    }

    [Fact]
    public async Task Revoke_with_an_admin_token_revokes_publishes_and_audits()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var token = await StatusTestKit.AdminTokenAsync(server, http);

        var response = await StatusTestKit.AdminAsync(http, credential.Id, "revoke", token);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("revoked", response.Get("status"));
        Assert.Equal(StatusTypes.Invalid, (await ReloadAsync(server, credential.Id)).Status);
        var (_, list, _) = await StatusTestKit.FetchListAsync(server, http, credential.StatusListId);
        Assert.Equal(StatusTypes.Invalid, list!.Get(credential.StatusIndex));
        var audit = Assert.Single(await AuditAsync(server));
        Assert.Equal(("client", AdminClients.DemoClientId, "revoke", credential.Id, "OK"), (audit.ActorType, audit.Actor, audit.Action, audit.CredentialId, audit.Outcome));
        Assert.Equal(server.Clock.GetUtcNow(), audit.At);
    }

    [Fact]
    public async Task Suspend_then_reinstate_returns_to_valid()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var token = await StatusTestKit.AdminTokenAsync(server, http);

        Assert.Equal("suspended", (await StatusTestKit.AdminAsync(http, credential.Id, "suspend", token)).Get("status"));
        Assert.Equal("valid", (await StatusTestKit.AdminAsync(http, credential.Id, "reinstate", token)).Get("status"));
        Assert.Equal(StatusTypes.Valid, (await ReloadAsync(server, credential.Id)).Status);
        Assert.Equal(["OK", "OK"], (await AuditAsync(server)).Select(a => a.Outcome));
    }

    [Fact]
    public async Task No_token_is_401_ADMIN_TOKEN_MISSING_and_changes_nothing()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var response = await StatusTestKit.AdminAsync(server.CreateClient(), credential.Id, "revoke", token: null);
        AssertProblem(response, HttpStatusCode.Unauthorized, StatusErrorCodes.AdminTokenMissing);
        Assert.Equal(StatusTypes.Valid, (await ReloadAsync(server, credential.Id)).Status);
    }

    [Fact]
    public async Task A_forged_token_is_401_ADMIN_TOKEN_INVALID()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var forged = StatusTestKit.Assertion(AdminClients.DemoClientId, new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)), server.Clock.GetUtcNow());
        var response = await StatusTestKit.AdminAsync(server.CreateClient(), credential.Id, "revoke", forged);
        AssertProblem(response, HttpStatusCode.Unauthorized, StatusErrorCodes.AdminTokenInvalid);
        Assert.Equal(StatusTypes.Valid, (await ReloadAsync(server, credential.Id)).Status);
    }

    [Fact]
    public async Task An_expired_token_is_401_ADMIN_TOKEN_INVALID()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var token = await StatusTestKit.AdminTokenAsync(server, http);
        server.Clock.Advance(TimeSpan.FromMinutes(11));
        AssertProblem(await StatusTestKit.AdminAsync(http, credential.Id, "revoke", token), HttpStatusCode.Unauthorized, StatusErrorCodes.AdminTokenInvalid);
    }

    [Fact]
    public async Task A_token_without_the_admin_scope_is_403_ADMIN_SCOPE_MISSING()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var token = await StatusTestKit.AdminTokenAsync(server, http, scope: "");
        AssertProblem(await StatusTestKit.AdminAsync(http, credential.Id, "revoke", token), HttpStatusCode.Forbidden, StatusErrorCodes.AdminScopeMissing);
        Assert.Empty(await AuditAsync(server));
    }

    [Fact]
    public async Task A_client_without_the_admin_permission_cannot_get_the_admin_scope()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var response = await OidcFlow.PostFormAsync(server.CreateClient(), "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = AdminClients.Scope,
        }, OidcFlow.Basic(DemoClients.ServiceClientId, DemoClients.ServiceClientSecret));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        // OpenIddict answers invalid_request for a scope the client is not permitted (its ValidateScopePermissions handler).
        Assert.Equal("invalid_request", response.Error);
        Assert.Null(response.Get("access_token"));
    }

    [Fact]
    public async Task An_admin_scoped_client_with_a_secret_is_403_ADMIN_CLIENT_AUTH_WEAK()
    {
        const string clientId = "secret-admin";
        const string secret = "secret-admin-secret";
        await using var server = await StatusTestKit.CreateServerAsync(configure: o => o.Clients.Add(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = OpenIddictConstants.ClientTypes.Confidential,
            Permissions =
            {
                OpenIddictConstants.Permissions.Endpoints.Token,
                OpenIddictConstants.Permissions.GrantTypes.ClientCredentials,
                OpenIddictConstants.Permissions.Prefixes.Scope + AdminClients.Scope,
            },
        }));
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var tokenResponse = await OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = AdminClients.Scope,
        }, OidcFlow.Basic(clientId, secret));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.Status);

        var response = await StatusTestKit.AdminAsync(http, credential.Id, "revoke", tokenResponse.Get("access_token"));
        AssertProblem(response, HttpStatusCode.Forbidden, StatusErrorCodes.AdminClientAuthenticationWeak);
        Assert.Equal(StatusTypes.Valid, (await ReloadAsync(server, credential.Id)).Status);
    }

    [Fact]
    public async Task An_unknown_credential_is_404_CREDENTIAL_NOT_FOUND_and_audited()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var http = server.CreateClient();
        var token = await StatusTestKit.AdminTokenAsync(server, http);
        AssertProblem(await StatusTestKit.AdminAsync(http, "no-such-credential", "suspend", token), HttpStatusCode.NotFound, StatusErrorCodes.CredentialNotFound);
        var audit = Assert.Single(await AuditAsync(server));
        Assert.Equal(("suspend", "no-such-credential", StatusErrorCodes.CredentialNotFound), (audit.Action, audit.CredentialId, audit.Outcome));
    }

    [Fact]
    public async Task Reinstating_a_revoked_credential_is_409_STATUS_NOT_SUSPENDED()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var token = await StatusTestKit.AdminTokenAsync(server, http);
        Assert.Equal(HttpStatusCode.OK, (await StatusTestKit.AdminAsync(http, credential.Id, "revoke", token)).Status);

        AssertProblem(await StatusTestKit.AdminAsync(http, credential.Id, "reinstate", token), HttpStatusCode.Conflict, StatusErrorCodes.NotSuspended);
        Assert.Equal(StatusTypes.Invalid, (await ReloadAsync(server, credential.Id)).Status);
        Assert.Equal(["OK", StatusErrorCodes.NotSuspended], (await AuditAsync(server)).Select(a => a.Outcome));
    }

    [Fact]
    public async Task Reinstating_a_valid_credential_is_409_STATUS_NOT_SUSPENDED()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var token = await StatusTestKit.AdminTokenAsync(server, http);
        AssertProblem(await StatusTestKit.AdminAsync(http, credential.Id, "reinstate", token), HttpStatusCode.Conflict, StatusErrorCodes.NotSuspended);
    }

    [Fact]
    public async Task Revoking_twice_is_409_STATUS_ALREADY_REVOKED()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var token = await StatusTestKit.AdminTokenAsync(server, http);
        await StatusTestKit.AdminAsync(http, credential.Id, "revoke", token);
        AssertProblem(await StatusTestKit.AdminAsync(http, credential.Id, "revoke", token), HttpStatusCode.Conflict, StatusErrorCodes.AlreadyRevoked);
        AssertProblem(await StatusTestKit.AdminAsync(http, credential.Id, "suspend", token), HttpStatusCode.Conflict, StatusErrorCodes.AlreadyRevoked);
    }

    [Fact]
    public async Task Suspending_twice_is_409_STATUS_ALREADY_SUSPENDED()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var token = await StatusTestKit.AdminTokenAsync(server, http);
        await StatusTestKit.AdminAsync(http, credential.Id, "suspend", token);
        AssertProblem(await StatusTestKit.AdminAsync(http, credential.Id, "suspend", token), HttpStatusCode.Conflict, StatusErrorCodes.AlreadySuspended);
    }

    [Fact]
    public async Task The_demo_admin_client_has_no_secret_and_its_private_key_is_in_the_data_folder()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var jwk = new JsonWebKey(await File.ReadAllTextAsync(Path.Combine(server.DataPath, AdminClients.PrivateKeyFile)));
        Assert.True(jwk.HasPrivateKey);
        await using var scope = server.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(AdminClients.DemoClientId);
        Assert.NotNull(application);
        Assert.Null(Assert.IsType<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>(application).ClientSecret);
        var keys = await applications.GetJsonWebKeySetAsync(application);
        Assert.False(Assert.Single(keys!.Keys).HasPrivateKey);
    }
}
