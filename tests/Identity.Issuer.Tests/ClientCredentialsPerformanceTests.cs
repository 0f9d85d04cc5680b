using System.Net;
using Identity.Issuer.Oidc;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Identity.Issuer.Tests;

/// <summary>The two shortcuts that keep client_credentials cheap must not weaken client authentication.</summary>
public sealed class ClientCredentialsPerformanceTests
{
    private static Task<JsonResponse> RequestAsync(HttpClient http, string secret)
        => OidcFlow.PostFormAsync(http, "/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
            OidcFlow.Basic(DemoClients.ServiceClientId, secret));

    [Fact]
    public async Task Wrong_secret_is_refused_after_the_right_one_was_accepted()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(http, DemoClients.ServiceClientSecret)).Status);

        var wrong = await RequestAsync(http, DemoClients.ServiceClientSecret + "x");

        Assert.Equal("invalid_client", wrong.Error);
    }

    [Fact]
    public async Task Old_secret_is_refused_once_the_secret_is_changed()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(http, DemoClients.ServiceClientSecret)).Status);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var application = (await applications.FindByClientIdAsync(DemoClients.ServiceClientId))!;
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, application);
            descriptor.ClientSecret = "rotated-secret";
            await applications.UpdateAsync(application, descriptor);
        }

        Assert.Equal("invalid_client", (await RequestAsync(http, DemoClients.ServiceClientSecret)).Error);
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(http, "rotated-secret")).Status);
    }

    [Fact]
    public async Task Client_credentials_access_tokens_are_not_written_to_the_token_table()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await RequestAsync(http, DemoClients.ServiceClientSecret)).Status);
        }

        await using var scope = server.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().CountAsync());
    }
}
