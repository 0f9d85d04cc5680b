using System.Net;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Issuer.StatusLists;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Issuer.Tests.Oid4Vci;
using Identity.Tokens.Jose;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Issuer.Tests.StatusLists;

/// <summary>The group commit of issuance rows runs as a hosted service: drained on shutdown, never a hang, conflicts told apart.</summary>
public sealed class IssuanceWriterTests
{
    private static StatusListEntry Entry(string list, int index) => new() { ListId = list, Index = index, AllocatedAt = DateTimeOffset.UtcNow };

    [Fact]
    public async Task Requests_queued_before_shutdown_are_written_and_later_ones_are_refused_at_once()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        var writer = server.Services.GetRequiredService<IssuanceWriter>();
        var list = "drain-" + Guid.NewGuid().ToString("N")[..8];

        var queued = writer.CommitAsync([Entry(list, 1), Entry(list, 2)], []);
        await writer.StopAsync(CancellationToken.None);

        Assert.True(await queued);
        await Assert.ThrowsAsync<IssuanceWriterStoppedException>(() => writer.CommitAsync([Entry(list, 3)], []));
        await using var scope = server.Services.CreateAsyncScope();
        Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Set<StatusListEntry>().CountAsync(e => e.ListId == list));
    }

    [Fact]
    public async Task A_stopped_writer_makes_the_credential_endpoint_answer_503_not_500()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        var proof = TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync());
        await server.Services.GetRequiredService<IssuanceWriter>().StopAsync(CancellationToken.None);

        var response = await wallet.RequestCredentialAsync(token, [proof]);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("temporarily_unavailable", response.Error);
        Assert.StartsWith("ISSUANCE_UNAVAILABLE:", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_unique_key_violation_counts_as_an_index_conflict()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        var list = "conflict-" + Guid.NewGuid().ToString("N")[..8];
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
            db.Add(Entry(list, 7));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var duplicate = await SaveFailureAsync(server, db => db.Add(Entry(list, 7)));
        var notNull = await SaveFailureAsync(server, db => db.Add(new IssuedCredential
        {
            Id = Guid.NewGuid().ToString("N"), CitizenId = null!, ClientId = "c", ConfigurationId = "x", Vct = "v",
            StatusListId = list, StatusIndex = 8, HolderKeyThumbprint = "t", IssuedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow,
        }));

        Assert.True(IssuanceWriter.IsUniqueViolation(duplicate));
        Assert.False(IssuanceWriter.IsUniqueViolation(notNull));
    }

    [Fact]
    public async Task Health_reports_the_writer()
    {
        await using var server = await IssuerServer.CreateServerAsync();

        var response = await server.CreateClient().GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = server.Services.GetRequiredService<IssuanceWriter>();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            (await health.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }

    private static async Task<DbUpdateException> SaveFailureAsync(IssuerServer server, Action<IssuerDbContext> change)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
        change(db);
        return await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(TestContext.Current.CancellationToken));
    }
}
