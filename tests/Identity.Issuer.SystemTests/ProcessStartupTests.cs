using Identity.Issuer.SystemTests.Hosting;

namespace Identity.Issuer.SystemTests;

/// <summary>The fixture itself: real processes start, answer /health and are gone after dispose.</summary>
public sealed class ProcessStartupTests
{
    [Fact]
    public async Task Two_processes_start_on_one_data_folder_and_one_Redis_and_stop_on_dispose()
    {
        var token = TestContext.Current.CancellationToken;
        var cluster = await IssuerCluster.StartAsync(2, cancellationToken: token);
        var addresses = cluster.Processes.Select(p => p.BaseAddress).ToArray();
        await using (cluster)
        {
            Assert.NotEqual(addresses[0], addresses[1]);
            using var http = new HttpClient();
            foreach (var address in addresses)
            {
                using var response = await http.GetAsync(new Uri(address, "health"), token);
                Assert.True(response.IsSuccessStatusCode, cluster.Output);
            }
        }

        using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync(new Uri(addresses[1], "health"), token));
    }
}
