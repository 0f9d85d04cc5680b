using System.Data.Common;
using System.Net;
using Identity.Issuer.Data;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Issuer.Tests;

/// <summary>The embedded SQLite database runs in WAL mode, and this process's writers queue in memory rather than in SQLite's busy loop.</summary>
public sealed class SqliteStorageTests
{
    private static async Task<string?> PragmaAsync(DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToString(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_embedded_database_uses_a_write_ahead_log_with_full_sync_and_a_busy_timeout()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Database;
        await database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var connection = database.GetDbConnection();

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal("2", await PragmaAsync(connection, "synchronous"));
        Assert.Equal("10000", await PragmaAsync(connection, "busy_timeout"));
    }

    [Fact]
    public async Task Concurrent_refresh_chains_all_rotate()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        var chains = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            var http = server.CreateClient();
            var request = new AuthorizationRequest();
            return (http, request, token: (await OidcFlow.SignInAsync(http, request)).Get("refresh_token")!);
        }));

        var outcomes = await Task.WhenAll(chains.Select(async chain =>
        {
            var statuses = new List<HttpStatusCode>();
            var token = chain.token;
            for (var i = 0; i < 5; i++)
            {
                var response = await OidcFlow.RefreshAsync(chain.http, chain.request, token);
                statuses.Add(response.Status);
                token = response.Get("refresh_token") ?? token;
            }

            chain.http.Dispose();
            return statuses;
        }));

        Assert.All(outcomes.SelectMany(s => s), status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task A_failed_save_lets_the_next_save_through()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        string existingId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
            existingId = (await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking().FirstAsync(timeout.Token)).Id!;
            db.Add(new OpenIddictEntityFrameworkCoreApplication { Id = existingId, ClientId = "duplicate-id" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(timeout.Token));
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
            db.Add(new OpenIddictEntityFrameworkCoreApplication { ClientId = "saved-after-a-failure" });
            Assert.Equal(1, await db.SaveChangesAsync(timeout.Token));
        }
    }
}
