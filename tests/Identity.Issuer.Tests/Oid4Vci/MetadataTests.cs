using System.Text.Json.Nodes;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Tokens.Jose;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>OpenID4VCI §12.2 and §12.3 metadata; SD-JWT VC type metadata and JWT VC Issuer Metadata.</summary>
public sealed class MetadataTests
{
    [Fact]
    public async Task Credential_issuer_metadata_describes_the_identity_configuration()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var metadata = JsonNode.Parse(await new TestWallet(server).Http.GetStringAsync("/.well-known/openid-credential-issuer"))!;

        Assert.Equal(TestWallet.Issuer, metadata["credential_issuer"]!.GetValue<string>());
        Assert.Equal(TestWallet.Issuer + "/", metadata["authorization_servers"]![0]!.GetValue<string>());
        Assert.Equal(TestWallet.Issuer + "/oid4vci/credential", metadata["credential_endpoint"]!.GetValue<string>());
        Assert.Equal(TestWallet.Issuer + "/oid4vci/nonce", metadata["nonce_endpoint"]!.GetValue<string>());
        Assert.Equal(10, metadata["batch_credential_issuance"]!["batch_size"]!.GetValue<int>());
        Assert.Equal("fr-CA", metadata["display"]![0]!["locale"]!.GetValue<string>());
        Assert.Equal("en-CA", metadata["display"]![1]!["locale"]!.GetValue<string>());

        var configuration = metadata["credential_configurations_supported"]![IdentityCredentialType.ConfigurationId]!;
        Assert.Equal("dc+sd-jwt", configuration["format"]!.GetValue<string>());
        Assert.Equal(IdentityCredentialType.Scope, configuration["scope"]!.GetValue<string>());
        Assert.Equal(TestWallet.Issuer + "/credentials/identity", configuration["vct"]!.GetValue<string>());
        Assert.Equal(["jwk"], configuration["cryptographic_binding_methods_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("ES256", configuration["credential_signing_alg_values_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["ES256", "EdDSA"], configuration["proof_types_supported"]!["jwt"]!["proof_signing_alg_values_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(12, configuration["credential_metadata"]!["claims"]!.AsArray().Count);
    }

    [Fact]
    public async Task Authorization_server_metadata_advertises_the_anonymous_pre_authorized_grant()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var metadata = JsonNode.Parse(await new TestWallet(server).Http.GetStringAsync("/.well-known/openid-configuration"))!;

        Assert.True(metadata["pre-authorized_grant_anonymous_access_supported"]!.GetValue<bool>());
        Assert.Contains(TestWallet.PreAuthorizedGrantType, metadata["grant_types_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains(IdentityCredentialType.Scope, metadata["scopes_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Vct_url_returns_type_metadata_in_french_and_english()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var metadata = JsonNode.Parse(await new TestWallet(server).Http.GetStringAsync("/credentials/identity"))!;

        Assert.Equal(TestWallet.Issuer + "/credentials/identity", metadata["vct"]!.GetValue<string>());
        Assert.Equal(["fr-CA", "en-CA"], metadata["display"]!.AsArray().Select(d => d!["locale"]!.GetValue<string>()));
        var givenName = metadata["claims"]!.AsArray().Single(c => c!["path"]![0]!.GetValue<string>() == "given_name")!;
        Assert.Equal("Prénom", givenName["display"]![0]!["label"]!.GetValue<string>());
        Assert.Equal("Given name", givenName["display"]![1]!["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task Jwt_vc_issuer_metadata_lists_credential_keys_separate_from_login_keys()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var http = new TestWallet(server).Http;
        var metadata = JsonNode.Parse(await http.GetStringAsync("/.well-known/jwt-vc-issuer"))!;
        var loginKeys = JsonNode.Parse(await http.GetStringAsync("/.well-known/jwks"))!["keys"]!.AsArray().Select(k => k!["kid"]?.GetValue<string>());

        Assert.Equal(TestWallet.Issuer, metadata["issuer"]!.GetValue<string>());
        var key = Assert.Single(metadata["jwks"]!["keys"]!.AsArray())!;
        Assert.Null(key["d"]);
        Assert.True(JwkKeys.TryCreateSecurityKey(key.ToJsonString(), out _));
        Assert.DoesNotContain(key["kid"]!.GetValue<string>(), loginKeys);
    }

    [Fact]
    public async Task Credential_signing_key_survives_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));
        string first;
        await using (var server = await TestWallet.CreateServerAsync(o => o.DataPath = data))
        {
            first = JsonNode.Parse(await new TestWallet(server).Http.GetStringAsync("/.well-known/jwt-vc-issuer"))!["jwks"]!.ToJsonString();
        }

        await using (var server = await TestWallet.CreateServerAsync(o => o.DataPath = data))
        {
            Assert.Equal(first, JsonNode.Parse(await new TestWallet(server).Http.GetStringAsync("/.well-known/jwt-vc-issuer"))!["jwks"]!.ToJsonString());
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Offer_uri_of_an_unknown_offer_is_not_found()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var response = await new TestWallet(server).Http.GetAsync("/oid4vci/offers/unknown");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(2008, 11, 3, 2026, 11, 2, false)]
    [InlineData(2008, 11, 3, 2026, 11, 3, true)]
    [InlineData(2008, 2, 29, 2026, 2, 28, true)]
    [InlineData(2008, 2, 29, 2026, 2, 27, false)]
    public void Age_over_18_is_computed_on_the_day_of_issuance(int by, int bm, int bd, int ty, int tm, int td, bool expected)
        => Assert.Equal(expected, Identity.Issuer.Oid4Vci.Credentials.IdentityCredentialBuilder.IsAtLeast(new DateOnly(by, bm, bd), new DateOnly(ty, tm, td), 18));
}
