using System.Net;
using System.Reflection;
using Identity.Issuer.Data;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Tests;

/// <summary>
/// The token endpoint reads client registrations from a process-wide cache (Issuer:ClientCacheLifetime). A change made through this
/// process applies at once, a change made behind its back (another replica) when the entry expires, and cached clients are still
/// authenticated on every request.
/// </summary>
public sealed class ClientRegistrationCacheTests
{
    private static Task<JsonResponse> ClientCredentialsAsync(HttpClient http, string secret = DemoClients.ServiceClientSecret)
        => OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
            OidcFlow.Basic(DemoClients.ServiceClientId, secret));

    private static async Task ChangeServiceClientAsync(IssuerServer server, Action<OpenIddictApplicationDescriptor> change)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var application = (await applications.FindByClientIdAsync(DemoClients.ServiceClientId))!;
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application);
        change(descriptor);
        await applications.UpdateAsync(application, descriptor);
    }

    // What another replica does: the row changes in the shared database, this process is not told.
    private static async Task DeleteServiceClientBehindTheCacheAsync(IssuerServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Set<OpenIddictEntityFrameworkCoreApplication>()
            .Where(a => a.ClientId == DemoClients.ServiceClientId).ExecuteDeleteAsync();
        Assert.Equal(1, deleted);
    }

    [Fact]
    public async Task A_client_deleted_through_the_manager_is_refused_at_once()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(http)).Status);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await applications.DeleteAsync((await applications.FindByClientIdAsync(DemoClients.ServiceClientId))!);
        }

        Assert.Equal(Errors.InvalidClient, (await ClientCredentialsAsync(http)).Error);
    }

    [Fact]
    public async Task A_grant_removed_through_the_manager_is_refused_at_once()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(http)).Status);

        await ChangeServiceClientAsync(server, descriptor => descriptor.Permissions.Remove(Permissions.GrantTypes.ClientCredentials));

        Assert.Equal(Errors.UnauthorizedClient, (await ClientCredentialsAsync(http)).Error);
    }

    [Fact]
    public async Task A_client_deleted_by_another_process_is_refused_once_the_entry_expires()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(http)).Status);

        await DeleteServiceClientBehindTheCacheAsync(server);
        var withinLifetime = await ClientCredentialsAsync(http);
        server.Clock.Advance(TimeSpan.FromSeconds(31));
        var afterLifetime = await ClientCredentialsAsync(http);

        Assert.Equal(HttpStatusCode.OK, withinLifetime.Status);
        Assert.Equal(Errors.InvalidClient, afterLifetime.Error);
    }

    [Fact]
    public async Task A_zero_lifetime_reads_the_client_from_the_database_on_every_request()
    {
        await using var server = await IssuerServer.CreateServerAsync(options => options.Settings["Issuer:ClientCacheLifetime"] = "00:00:00");
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(http)).Status);

        await DeleteServiceClientBehindTheCacheAsync(server);

        Assert.Equal(Errors.InvalidClient, (await ClientCredentialsAsync(http)).Error);
    }

    [Fact]
    public async Task A_cached_client_with_a_wrong_secret_is_refused()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(http)).Status);

        Assert.Equal(Errors.InvalidClient, (await ClientCredentialsAsync(http, "not-the-secret")).Error);
    }

    [Fact]
    public async Task An_update_leaves_the_shared_snapshot_unchanged()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ClientCredentialsAsync(http)).Status);
        OpenIddictEntityFrameworkCoreApplication shared;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            shared = (OpenIddictEntityFrameworkCoreApplication)(await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>()
                .FindByClientIdAsync(DemoClients.ServiceClientId))!;
        }

        var permissionsBefore = shared.Permissions;
        await ChangeServiceClientAsync(server, descriptor => descriptor.DisplayName = "Renamed");

        Assert.True(server.Services.GetRequiredService<ClientRegistrationCache>().IsSnapshot(shared));
        Assert.NotEqual("Renamed", shared.DisplayName);
        Assert.Equal(permissionsBefore, shared.Permissions);
        await using var after = server.Services.CreateAsyncScope();
        var reloaded = await after.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(DemoClients.ServiceClientId);
        Assert.Equal("Renamed", ((OpenIddictEntityFrameworkCoreApplication)reloaded!).DisplayName);
    }

    [Fact]
    public void The_copy_carries_every_stored_column()
    {
        var source = new OpenIddictEntityFrameworkCoreApplication();
        var columns = typeof(OpenIddictEntityFrameworkCoreApplication).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.PropertyType == typeof(string)).ToList();
        foreach (var column in columns)
        {
            column.SetValue(source, "value of " + column.Name);
        }

        var copy = ClientRegistrationCache.Copy(source);

        Assert.True(columns.Count >= 16, "the entity lost columns: update ClientRegistrationCache.Copy");
        Assert.DoesNotContain(typeof(OpenIddictEntityFrameworkCoreApplication).GetProperties(BindingFlags.Public | BindingFlags.Instance),
            p => p.CanWrite && p.PropertyType != typeof(string));
        Assert.All(columns, column => Assert.Equal(column.GetValue(source), column.GetValue(copy)));
        Assert.NotSame(source.Tokens, copy.Tokens);
    }

    [Fact]
    public async Task Refuses_a_negative_client_cache_lifetime()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await IssuerServer.CreateServerAsync(options => options.Settings["Issuer:ClientCacheLifetime"] = "-00:00:01");
        });

        var validation = exception as OptionsValidationException ?? exception.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains("Issuer:ClientCacheLifetime", validation.Message, StringComparison.Ordinal);
    }
}
