using System.Net;
using Identity.Issuer.Data;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Identity.Issuer.Tests;

/// <summary>The same flow on PostgreSQL (Database:Provider=PostgreSQL). Runs when IDENTITY_TEST_POSTGRES is set, as in CI.</summary>
public sealed class PostgreSqlTests
{
    [Fact]
    public async Task Code_flow_and_refresh_work_on_PostgreSQL()
    {
        var baseConnection = Environment.GetEnvironmentVariable("IDENTITY_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrEmpty(baseConnection), "IDENTITY_TEST_POSTGRES is not set (the CI script starts PostgreSQL and sets it).");
        var connection = new NpgsqlConnectionStringBuilder(baseConnection) { Database = "issuer_test_" + Guid.NewGuid().ToString("N") }.ConnectionString;

        await using var server = await IssuerServer.CreateServerAsync(options =>
        {
            options.Settings["Database:Provider"] = "PostgreSQL";
            options.Settings["ConnectionStrings:Identity"] = connection;
        });
        try
        {
            using var http = server.CreateClient();
            var request = new AuthorizationRequest();
            var tokens = await OidcFlow.SignInAsync(http, request);
            var refreshed = await OidcFlow.RefreshAsync(http, request, tokens.Get("refresh_token")!);

            Assert.Equal(HttpStatusCode.OK, refreshed.Status);
            Assert.Equal("invalid_grant", (await OidcFlow.RefreshAsync(http, request, tokens.Get("refresh_token")!)).Error);
        }
        finally
        {
            await using var scope = server.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Database.EnsureDeletedAsync();
        }
    }
}
