using System.Net;
using System.Net.Http.Headers;
using Identity.Issuer.Admin;
using Identity.Issuer.StatusLists;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.StatusList;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Issuer.Tests.StatusLists;

/// <summary>The status list token endpoint (draft-ietf-oauth-status-list-20 §5.1 and §8).</summary>
public sealed class StatusListTokenEndpointTests
{
    private static async Task<StatusChangeResult> ChangeAsync(IssuerServer server, string credentialId, StatusAction action)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CredentialStatusService>()
            .ChangeAsync(credentialId, action, AuditActor.Client("test-admin"), null, CancellationToken.None);
    }

    [Fact]
    public async Task Serves_a_signed_statuslist_jwt_with_sub_iat_exp_ttl_and_two_bits()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();

        var (response, list, jwt) = await StatusTestKit.FetchListAsync(server, http, credential.StatusListId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/statuslist+jwt", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("statuslist+jwt", jwt!.Typ);
        Assert.Equal($"{StatusTestKit.BaseUri}/status-lists/{credential.StatusListId}", jwt.Subject);
        var iat = jwt.GetPayloadValue<long>("iat");
        Assert.Equal(server.Clock.GetUtcNow().ToUnixTimeSeconds(), iat);
        Assert.Equal(iat + (long)TimeSpan.FromDays(1).TotalSeconds, jwt.GetPayloadValue<long>("exp"));
        // appsettings.Development.json shortens the ttl to 10 s for the developer run; the default is 5 minutes.
        Assert.Equal(10, jwt.GetPayloadValue<long>("ttl"));
        Assert.Equal(TimeSpan.FromMinutes(5), new StatusListOptions().TimeToLive);
        Assert.Equal(2, list!.Bits);
        Assert.Equal(131_072, list.Count);
        Assert.Equal(StatusTypes.Valid, list.Get(credential.StatusIndex));
    }

    [Fact]
    public async Task Ttl_and_lifetime_follow_the_configuration()
    {
        await using var server = await StatusTestKit.CreateServerAsync(configure: o =>
        {
            o.Settings["StatusLists:TimeToLive"] = "00:00:42";
            o.Settings["StatusLists:TokenLifetime"] = "02:00:00";
        });
        var credential = await StatusTestKit.IssueAsync(server);
        var (_, _, jwt) = await StatusTestKit.FetchListAsync(server, server.CreateClient(), credential.StatusListId);
        Assert.Equal(42, jwt!.GetPayloadValue<long>("ttl"));
        Assert.Equal(7200, jwt.GetPayloadValue<long>("exp") - jwt.GetPayloadValue<long>("iat"));
    }

    [Fact]
    public async Task Revoke_suspend_and_reinstate_show_in_the_next_token()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var revoked = await StatusTestKit.IssueAsync(server);
        var suspended = await StatusTestKit.IssueAsync(server);
        var untouched = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        _ = await StatusTestKit.FetchListAsync(server, http, revoked.StatusListId); // warm the cache

        Assert.True((await ChangeAsync(server, revoked.Id, StatusAction.Revoke)).Succeeded);
        Assert.True((await ChangeAsync(server, suspended.Id, StatusAction.Suspend)).Succeeded);
        var (_, list, _) = await StatusTestKit.FetchListAsync(server, http, revoked.StatusListId);
        Assert.Equal(StatusTypes.Invalid, list!.Get(revoked.StatusIndex));
        Assert.Equal(StatusTypes.Suspended, list.Get(suspended.StatusIndex));
        Assert.Equal(StatusTypes.Valid, list.Get(untouched.StatusIndex));

        Assert.True((await ChangeAsync(server, suspended.Id, StatusAction.Reinstate)).Succeeded);
        (_, list, _) = await StatusTestKit.FetchListAsync(server, http, revoked.StatusListId);
        Assert.Equal(StatusTypes.Valid, list!.Get(suspended.StatusIndex));
        Assert.Equal(StatusTypes.Invalid, list.Get(revoked.StatusIndex));
    }

    [Fact]
    public async Task An_unchanged_list_is_served_from_cache_and_re_signed_after_half_its_lifetime()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        var http = server.CreateClient();
        var (_, _, first) = await StatusTestKit.FetchListAsync(server, http, credential.StatusListId);
        server.Clock.Advance(TimeSpan.FromHours(1));
        var (_, _, cached) = await StatusTestKit.FetchListAsync(server, http, credential.StatusListId);
        Assert.Equal(first!.EncodedToken, cached!.EncodedToken);

        server.Clock.Advance(TimeSpan.FromHours(12));
        var (_, _, fresh) = await StatusTestKit.FetchListAsync(server, http, credential.StatusListId);
        Assert.True(fresh!.GetPayloadValue<long>("iat") > first.GetPayloadValue<long>("iat"));
    }

    [Fact]
    public async Task A_change_made_by_another_replica_is_published_by_this_one()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));
        await using var first = await StatusTestKit.CreateServerAsync(configure: o => o.DataPath = dataPath);
        await using var second = await StatusTestKit.CreateServerAsync(configure: o => o.DataPath = dataPath);
        var credential = await StatusTestKit.IssueAsync(first);
        var http = first.CreateClient();
        _ = await StatusTestKit.FetchListAsync(first, http, credential.StatusListId);

        Assert.True((await ChangeAsync(second, credential.Id, StatusAction.Revoke)).Succeeded);

        var (_, list, _) = await StatusTestKit.FetchListAsync(first, http, credential.StatusListId);
        Assert.Equal(StatusTypes.Invalid, list!.Get(credential.StatusIndex));
    }

    [Fact]
    public async Task Unknown_list_is_404_STATUS_LIST_NOT_FOUND()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var (response, _, _) = await StatusTestKit.FetchListAsync(server, server.CreateClient(), "no-such-list");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(StatusErrorCodes.StatusListNotFound, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_only_for_the_cwt_form_is_406_STATUS_LIST_FORMAT_NOT_ACCEPTABLE()
    {
        await using var server = await StatusTestKit.CreateServerAsync();
        var credential = await StatusTestKit.IssueAsync(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status-lists/" + credential.StatusListId);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/statuslist+cwt"));
        var response = await server.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains(StatusErrorCodes.StatusListFormatNotAcceptable, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_developer_run_serves_its_loopback_http_list_with_a_short_ttl()
    {
        // The README's run: Development, an http://localhost issuer, Issuer:AllowInsecureHttp, no StatusLists:BaseUri.
        await using var server = await IssuerServer.CreateServerAsync(o =>
        {
            o.Settings["Issuer:IssuerUri"] = "http://localhost:5080";
            o.Settings["Issuer:AllowInsecureHttp"] = "true";
        });
        var credential = await StatusTestKit.IssueAsync(server);

        var (response, list, jwt) = await StatusTestKit.FetchListAsync(server, server.CreateClient(), credential.StatusListId, "http://localhost:5080");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://localhost:5080/status-lists/" + credential.StatusListId, jwt!.Subject);
        Assert.Equal(10, jwt.GetPayloadValue<long>("ttl"));
        Assert.Equal(StatusTypes.Valid, list!.Get(credential.StatusIndex));
    }

    [Theory]
    [InlineData("http://issuer.example", "true")]
    [InlineData("http://localhost:5080", "false")]
    public async Task Production_refuses_an_http_status_list_base_at_startup_unless_loopback_with_AllowInsecureHttp(string baseUri, string allowInsecure)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => IssuerServer.CreateServerAsync(o =>
        {
            o.Environment = "Production";
            o.Settings["Issuer:IssuerUri"] = "https://issuer.test/";
            o.Settings["Issuer:AllowInsecureHttp"] = allowInsecure;
            o.Settings["StatusLists:BaseUri"] = baseUri;
            o.Settings["Citizens:Registry:BaseUri"] = "https://registry.test/";
        }));
        Assert.Contains("StatusLists:BaseUri (or Issuer:IssuerUri) must be an absolute https URL", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sizes_below_131072_are_refused_outside_development()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StatusTestKit.CreateServerAsync(size: 16, o =>
        {
            o.Environment = "Production";
            o.Settings["Issuer:IssuerUri"] = "https://issuer.test/";
        }));
        Assert.Contains("StatusLists:Size", error.ToString(), StringComparison.Ordinal);
    }
}
