using System.Net;
using System.Text.Json.Nodes;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests.Oid4Vci;

/// <summary>OpenID4VCI §7 (nonce endpoint), §8 (credential endpoint) and Appendix F.1 (jwt proofs).</summary>
public sealed class CredentialEndpointTests
{
    [Fact]
    public async Task Pre_authorized_flow_issues_a_credential_that_verifies_with_every_claim_disclosable()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var holder = JwkKeys.GenerateEs256();
        var token = await wallet.GetAccessTokenAsync();

        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(holder, await wallet.GetNonceAsync())]);

        var credential = Assert.Single(TestWallet.Credentials(response));
        var verified = await wallet.VerifyAsync(credential, server.Clock.GetUtcNow());
        Assert.Equal(TestWallet.Issuer, verified.Issuer);
        Assert.Equal(TestWallet.Issuer + "/credentials/identity", verified.Vct);
        Assert.Equal("Marie", verified.Claims["given_name"]!.GetValue<string>());
        Assert.Equal("Tremblay", verified.Claims["family_name"]!.GetValue<string>());
        Assert.Equal("1985-04-12", verified.Claims["birthdate"]!.GetValue<string>());
        Assert.True(verified.Claims["age_over_18"]!.GetValue<bool>());
        Assert.True(verified.Claims["age_over_19"]!.GetValue<bool>());
        Assert.False(verified.Claims["age_over_65"]!.GetValue<bool>());
        Assert.Equal("G1R 2B5", verified.Claims["address"]!["postal_code"]!.GetValue<string>());
        // Every personal claim and every address part is its own disclosure.
        foreach (var path in TestWallet.AllClaims)
        {
            Assert.Contains(path, verified.DisclosedClaims);
        }

        Assert.Equal(JwkKeys.ComputeThumbprint(holder), JwkKeys.TryComputeThumbprint(new JsonWebKey(verified.HolderJwk!.ToJsonString()), out var t) ? t : null);
        Assert.NotNull(verified.Status);
        Assert.Equal(server.Clock.GetUtcNow().AddDays(365).ToUnixTimeSeconds(), verified.ExpiresAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Access_token_names_the_credential_issuer_as_aud_and_one_for_another_resource_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);
        Assert.Equal([TestWallet.Issuer], jwt.Audiences);

        // The same token, re-signed by the issuer's own key, for another resource server (RFC 9068 §4: refused by aud).
        var payload = System.Text.Json.Nodes.JsonNode.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload))!.AsObject();
        payload["aud"] = "https://other-resource.example";
        var key = server.Services.GetRequiredService<Identity.Issuer.Keys.KeyMaterial>().SigningCredentials;
        var forged = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(payload.ToJsonString(), key,
            new Dictionary<string, object> { ["typ"] = "at+jwt" });

        var response = await wallet.RequestCredentialAsync(forged, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.Status);
        Assert.Contains("aud", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issued_credential_is_recorded_without_claim_values()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var holder = JwkKeys.GenerateEs256();
        TestWallet.Credentials(await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(holder, await wallet.GetNonceAsync())]));

        await using var scope = server.Services.CreateAsyncScope();
        var record = Assert.Single(await scope.ServiceProvider.GetRequiredService<IssuerDbContext>().Set<IssuedCredential>().ToListAsync());
        Assert.Equal(TestWallet.CitizenId, record.CitizenId);
        Assert.Equal(IdentityCredentialType.ConfigurationId, record.ConfigurationId);
        Assert.Equal(JwkKeys.ComputeThumbprint(holder), record.HolderKeyThumbprint);
        Assert.False(string.IsNullOrEmpty(record.StatusListId));
        Assert.Equal(server.Clock.GetUtcNow().AddDays(365), record.ExpiresAt);
    }

    [Fact]
    public async Task Batch_gives_one_credential_per_proof_each_with_its_own_key_and_status_index()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var nonce = await wallet.GetNonceAsync();
        var holders = Enumerable.Range(0, 3).Select(_ => (SecurityKey)JwkKeys.GenerateEs256()).Append(JwkKeys.GenerateEd25519()).ToArray();

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), holders.Select(h => TestWallet.Proof(h, nonce)));

        var credentials = TestWallet.Credentials(response);
        Assert.Equal(4, credentials.Count);
        var verified = await Task.WhenAll(credentials.Select(c => wallet.VerifyAsync(c, server.Clock.GetUtcNow())));
        Assert.Equal(holders.Select(JwkKeys.ComputeThumbprint).Order(), verified.Select(v => JwkKeys.TryComputeThumbprint(new JsonWebKey(v.HolderJwk!.ToJsonString()), out var t) ? t! : "").Order());
        Assert.Equal(4, verified.Select(v => v.Status!.Index).Distinct().Count());
    }

    [Fact]
    public async Task Eddsa_proof_is_accepted()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(JwkKeys.GenerateEd25519(), await wallet.GetNonceAsync())]);

        Assert.Single(TestWallet.Credentials(response));
    }

    [Fact]
    public async Task Missing_proof_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), proofs: null);

        AssertError(response, "invalid_proof", "PROOF_MISSING");
    }

    [Fact]
    public async Task The_same_key_twice_in_a_batch_is_refused_and_the_nonce_stays_usable()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        var holder = JwkKeys.GenerateEs256();
        var nonce = await wallet.GetNonceAsync();
        var proof = TestWallet.Proof(holder, nonce);

        var duplicated = await wallet.RequestCredentialAsync(token, [proof, proof]);
        var sameKeyTwoProofs = await wallet.RequestCredentialAsync(token, [proof, TestWallet.Proof(holder, nonce)]);
        var single = await wallet.RequestCredentialAsync(token, [proof]);

        AssertError(duplicated, "invalid_proof", "PROOF_KEYS_DUPLICATED");
        AssertError(sameKeyTwoProofs, "invalid_proof", "PROOF_KEYS_DUPLICATED");
        Assert.Single(TestWallet.Credentials(single));
    }

    [Fact]
    public async Task A_citizen_no_longer_known_is_refused_before_the_nonce_is_consumed()
    {
        var directory = new SwitchableDirectory();
        await using var server = await TestWallet.CreateServerAsync(o => o.TestServices.Add(s => s.AddSingleton<Identity.Issuer.Citizens.ICitizenDirectory>(directory)));
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        var proof = TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync());

        directory.Gone = true;
        var refused = await wallet.RequestCredentialAsync(token, [proof]);
        directory.Gone = false;
        var issued = await wallet.RequestCredentialAsync(token, [proof]);

        AssertError(refused, "credential_request_denied", "CITIZEN_UNKNOWN");
        Assert.Single(TestWallet.Credentials(issued));
    }

    /// <summary>The synthetic directory, whose citizens can be made to disappear (a registry that no longer knows them).</summary>
    private sealed class SwitchableDirectory : Identity.Issuer.Citizens.ICitizenDirectory
    {
        private readonly Identity.Issuer.Citizens.ICitizenDirectory _inner = new Identity.Issuer.Citizens.SeededCitizenDirectory();

        public bool Gone { get; set; }

        public async ValueTask<Identity.Issuer.Citizens.Citizen?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
            => Gone ? null : await _inner.FindByIdAsync(id, cancellationToken);

        public ValueTask<Identity.Issuer.Citizens.Citizen?> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
            => _inner.VerifyPasswordAsync(username, password, cancellationToken);
    }

    [Fact]
    public async Task Proof_with_wrong_aud_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(),
            [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), audience: "https://other-issuer.example")]);

        AssertError(response, "invalid_proof", "PROOF_AUD_MISMATCH");
    }

    [Fact]
    public async Task Reused_nonce_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var nonce = await wallet.GetNonceAsync();
        var holder = JwkKeys.GenerateEs256();
        TestWallet.Credentials(await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(holder, nonce)]));

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(holder, nonce)]);

        AssertError(response, "invalid_nonce", "NONCE_UNKNOWN");
    }

    [Fact]
    public async Task Unknown_nonce_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(JwkKeys.GenerateEs256(), "made-up-nonce")]);

        AssertError(response, "invalid_nonce", "NONCE_UNKNOWN");
    }

    [Fact]
    public async Task Expired_nonce_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        var nonce = await wallet.GetNonceAsync();
        server.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), nonce, issuedAt: server.Clock.GetUtcNow())]);

        AssertError(response, "invalid_nonce", "NONCE_UNKNOWN");
    }

    [Fact]
    public async Task Proof_without_nonce_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(JwkKeys.GenerateEs256(), nonce: null)]);

        AssertError(response, "invalid_proof", "PROOF_NONCE_MISSING");
    }

    [Fact]
    public async Task Proofs_of_one_request_with_different_nonces_are_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(),
            [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync()), TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);

        AssertError(response, "invalid_proof", "PROOF_NONCES_DIFFER");
    }

    [Fact]
    public async Task Proof_signed_by_another_key_than_its_jwk_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(),
            [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), headerKey: JwkKeys.GenerateEs256())]);

        AssertError(response, "invalid_proof", "PROOF_SIGNATURE_INVALID");
    }

    [Theory]
    [InlineData("ES384")]
    [InlineData("HS256")]
    [InlineData("none")]
    [InlineData("Ed25519")]
    public async Task Proof_with_unsupported_alg_is_refused(string alg)
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), alg: alg)]);

        AssertError(response, "invalid_proof", "PROOF_ALG_NOT_ALLOWED");
    }

    [Fact]
    public async Task Proof_with_wrong_typ_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), type: "JWT")]);

        AssertError(response, "invalid_proof", "PROOF_TYP_INVALID");
    }

    [Fact]
    public async Task Proof_naming_a_critical_extension_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(),
            [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), editHeader: h =>
            {
                h["crit"] = new JsonArray("x-ext");
                h["x-ext"] = "v";
            })]);

        AssertError(response, "invalid_proof", "PROOF_MALFORMED");
    }

    [Fact]
    public async Task Proof_naming_its_key_by_kid_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(),
            [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), editHeader: h => h["kid"] = "did:example:123#key-1")]);

        AssertError(response, "invalid_proof", "PROOF_KEY_REFERENCE_NOT_SUPPORTED");
    }

    [Fact]
    public async Task Proof_carrying_a_private_key_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var holder = JwkKeys.GenerateEs256();

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(),
            [TestWallet.Proof(holder, await wallet.GetNonceAsync(), editHeader: h => h["jwk"] = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPrivateJwk(holder))))]);

        AssertError(response, "invalid_proof", "PROOF_KEY_INVALID");
    }

    [Fact]
    public async Task Stale_proof_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(),
            [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), issuedAt: server.Clock.GetUtcNow().AddMinutes(-6))]);

        AssertError(response, "invalid_proof", "PROOF_IAT_INVALID");
    }

    [Fact]
    public async Task Unknown_credential_configuration_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())], configurationId: "driving_licence");

        AssertError(response, "unknown_credential_configuration", "CREDENTIAL_CONFIGURATION_UNKNOWN");
    }

    [Fact]
    public async Task More_proofs_than_batch_size_are_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var nonce = await wallet.GetNonceAsync();

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), Enumerable.Range(0, 11).Select(_ => TestWallet.Proof(JwkKeys.GenerateEs256(), nonce)));

        AssertError(response, "invalid_credential_request", "PROOF_BATCH_TOO_LARGE");
    }

    [Fact]
    public async Task Body_over_the_size_limit_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), null, body: "{\"x\":\"" + new string('a', 70_000) + "\"}");

        AssertError(response, "invalid_credential_request", "CREDENTIAL_REQUEST_TOO_LARGE");
    }

    [Fact]
    public async Task Body_that_is_not_json_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(await wallet.GetAccessTokenAsync(), null, body: "credential_configuration_id=identity_sd_jwt");

        AssertError(response, "invalid_credential_request", "CREDENTIAL_REQUEST_MALFORMED");
    }

    [Fact]
    public async Task Request_without_access_token_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);

        var response = await wallet.RequestCredentialAsync(null, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.StartsWith("ACCESS_TOKEN_MISSING", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_access_token_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        var response = await wallet.RequestCredentialAsync(forged, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_token", response.Error);
        Assert.StartsWith("ACCESS_TOKEN_INVALID", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_access_token_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        server.Clock.Advance(TimeSpan.FromMinutes(11));

        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), issuedAt: server.Clock.GetUtcNow())]);

        Assert.Equal("invalid_token", response.Error);
        Assert.StartsWith("ACCESS_TOKEN_INVALID", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_token_already_used_is_refused_once_it_expires()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), issuedAt: server.Clock.GetUtcNow())])).Status);

        // The verified signature is remembered for this token; its expiry is not.
        server.Clock.Advance(TimeSpan.FromMinutes(11));
        var response = await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync(), issuedAt: server.Clock.GetUtcNow())]);

        Assert.Equal("invalid_token", response.Error);
        Assert.StartsWith("ACCESS_TOKEN_INVALID", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_token_with_a_changed_signature_is_refused_after_the_genuine_one_was_used()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        var token = await wallet.GetAccessTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await wallet.RequestCredentialAsync(token, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())])).Status);

        var signatureStart = token.LastIndexOf('.') + 1;
        var tampered = token[..signatureStart] + (token[signatureStart] == 'A' ? 'B' : 'A') + token[(signatureStart + 1)..];
        var response = await wallet.RequestCredentialAsync(tampered, [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);

        Assert.Equal("invalid_token", response.Error);
        Assert.StartsWith("ACCESS_TOKEN_INVALID", response.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_token_from_another_client_is_refused()
    {
        await using var server = await TestWallet.CreateServerAsync();
        var wallet = new TestWallet(server);
        // A relying party's login access token: valid, signed by this server, but not granted the credential scope.
        var login = await OidcFlow.SignInAsync(server.CreateClient());
        Assert.Equal(HttpStatusCode.OK, login.Status);

        var response = await wallet.RequestCredentialAsync(login.Get("access_token"), [TestWallet.Proof(JwkKeys.GenerateEs256(), await wallet.GetNonceAsync())]);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("insufficient_scope", response.Error);
        Assert.StartsWith("ACCESS_TOKEN_SCOPE_MISSING", response.ErrorDescription, StringComparison.Ordinal);
    }

    private static void AssertError(JsonResponse response, string error, string code)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(error, response.Error);
        Assert.StartsWith(code + ":", response.ErrorDescription, StringComparison.Ordinal);
    }
}
