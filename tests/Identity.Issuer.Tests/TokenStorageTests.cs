using System.Net;
using Identity.Issuer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Tests;

/// <summary>Which tokens of the login flow get a row in the token table: those that are single-use or revocable, not ID tokens.</summary>
public sealed class TokenStorageTests
{
    private static async Task<Dictionary<string, int>> StoredTokenTypesAsync(IssuerServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var token in tokens.ListAsync(count: null, offset: null, TestContext.Current.CancellationToken))
        {
            var type = await tokens.GetTypeAsync(token, TestContext.Current.CancellationToken) ?? "";
            types[type] = types.GetValueOrDefault(type) + 1;
        }

        return types;
    }

    [Fact]
    public async Task Id_tokens_are_not_stored_while_codes_refresh_and_access_tokens_are()
    {
        await using var server = await IssuerServer.CreateServerAsync();
        using var http = server.CreateClient();
        var request = new AuthorizationRequest();
        var tokens = await OidcFlow.SignInAsync(http, request);
        var refreshed = await OidcFlow.RefreshAsync(http, request, tokens.Get("refresh_token")!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotNull(refreshed.Get("id_token"));

        var stored = await StoredTokenTypesAsync(server);

        Assert.False(stored.ContainsKey(TokenTypeIdentifiers.IdentityToken));
        Assert.Equal(1, stored.GetValueOrDefault(TokenTypeIdentifiers.Private.AuthorizationCode));
        Assert.Equal(2, stored.GetValueOrDefault(TokenTypeIdentifiers.RefreshToken));
        Assert.Equal(2, stored.GetValueOrDefault(TokenTypeIdentifiers.AccessToken));
    }
}
