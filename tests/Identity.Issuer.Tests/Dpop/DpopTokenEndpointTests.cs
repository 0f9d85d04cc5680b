using System.Net;
using System.Text.Json;
using Identity.Issuer.Tests.Infrastructure;
using Identity.Tokens.Dpop;

namespace Identity.Issuer.Tests.Dpop;

/// <summary>RFC 9449 §5, §10 at the token and PAR endpoints: DPoP-bound tokens where the client asks for them, and every refusal.</summary>
public sealed class DpopTokenEndpointTests
{
    private static async Task<(IssuerServer Server, HttpClient Http)> StartAsync()
    {
        var server = await DpopHttp.CreateServerAsync();
        return (server, server.CreateClient());
    }

    private static async Task<DpopResponse> RedeemWithProofAsync(IssuerServer server, HttpClient http, DpopKey key, AuthorizationRequest? request = null)
    {
        request ??= new AuthorizationRequest();
        var code = await DpopHttp.GetCodeAsync(http, request);
        return await DpopHttp.RedeemAsync(http, request, code, key.Proof("POST", DpopHttp.TokenEndpoint, server.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Code_exchange_with_a_proof_returns_a_dpop_bound_access_token()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var key = DpopKey.Es256();

        var tokens = await RedeemWithProofAsync(server, http, key);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("DPoP", tokens.Get("token_type"));
        Assert.Equal(key.Thumbprint, DpopHttp.BoundThumbprint(tokens.Get("access_token")!));
    }

    [Fact]
    public async Task Code_exchange_with_an_eddsa_proof_binds_to_the_ed25519_key()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var key = DpopKey.Ed25519();

        var tokens = await RedeemWithProofAsync(server, http, key);

        Assert.Equal(key.Thumbprint, DpopHttp.BoundThumbprint(tokens.Get("access_token")!));
    }

    [Fact]
    public async Task Code_exchange_without_a_proof_still_returns_a_bearer_token()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = new AuthorizationRequest();

        var tokens = await DpopHttp.RedeemAsync(http, request, await DpopHttp.GetCodeAsync(http, request), proof: null);

        Assert.Equal("Bearer", tokens.Get("token_type"));
        Assert.Null(DpopHttp.BoundThumbprint(tokens.Get("access_token")!));
    }

    [Fact]
    public async Task Confidential_client_refresh_token_is_not_bound_but_the_new_access_token_is()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = new AuthorizationRequest();
        var key = DpopKey.Es256();
        var tokens = await RedeemWithProofAsync(server, http, key, request);

        // §5: refresh tokens of confidential clients are bound to the client's authentication, not to the DPoP key.
        var refreshed = await DpopHttp.RefreshAsync(http, request, tokens.Get("refresh_token")!, proof: null);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal("Bearer", refreshed.Get("token_type"));

        var bound = await DpopHttp.RefreshAsync(http, request, refreshed.Get("refresh_token")!, key.Proof("POST", DpopHttp.TokenEndpoint, server.Clock.GetUtcNow()));
        Assert.Equal("DPoP", bound.Get("token_type"));
        Assert.Equal(key.Thumbprint, DpopHttp.BoundThumbprint(bound.Get("access_token")!));
    }

    [Fact]
    public async Task Public_client_refresh_token_is_bound_and_refreshes_with_the_same_key()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = DpopHttp.PublicRequest();
        var key = DpopKey.Es256();
        var tokens = await RedeemWithProofAsync(server, http, key, request);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        var refreshed = await DpopHttp.RefreshAsync(http, request, tokens.Get("refresh_token")!, key.Proof("POST", DpopHttp.TokenEndpoint, server.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal("DPoP", refreshed.Get("token_type"));
        Assert.Equal(key.Thumbprint, DpopHttp.BoundThumbprint(refreshed.Get("access_token")!));
    }

    [Fact]
    public async Task Bound_refresh_token_without_a_proof_is_refused()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = DpopHttp.PublicRequest();
        var tokens = await RedeemWithProofAsync(server, http, DpopKey.Es256(), request);

        var refreshed = await DpopHttp.RefreshAsync(http, request, tokens.Get("refresh_token")!, proof: null);

        Assert.Equal(HttpStatusCode.BadRequest, refreshed.Status);
        Assert.Equal("invalid_dpop_proof", refreshed.Error);
        Assert.Equal(DpopErrorCodes.ProofMissing, refreshed.Code);
    }

    [Fact]
    public async Task Bound_refresh_token_with_another_key_is_refused()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = DpopHttp.PublicRequest();
        var tokens = await RedeemWithProofAsync(server, http, DpopKey.Es256(), request);

        var refreshed = await DpopHttp.RefreshAsync(http, request, tokens.Get("refresh_token")!, DpopKey.Es256().Proof("POST", DpopHttp.TokenEndpoint, server.Clock.GetUtcNow()));

        Assert.Equal("invalid_dpop_proof", refreshed.Error);
        Assert.Equal(DpopErrorCodes.KeyMismatch, refreshed.Code);
    }

    public static TheoryData<string, string> BadProofs => new()
    {
        { "wrong_htm", DpopErrorCodes.HtmMismatch },
        { "wrong_htu", DpopErrorCodes.HtuMismatch },
        { "expired_iat", DpopErrorCodes.IatInvalid },
        { "alg_none", DpopErrorCodes.AlgNotAllowed },
        { "private_key", DpopErrorCodes.KeyPrivate },
        { "typ_jwt", DpopErrorCodes.TypInvalid },
    };

    [Theory]
    [MemberData(nameof(BadProofs))]
    public async Task Token_request_with_a_bad_proof_is_refused_and_the_code_is_not_spent(string defect, string code)
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = new AuthorizationRequest();
        var authorizationCode = await DpopHttp.GetCodeAsync(http, request);
        var key = DpopKey.Es256();
        var now = server.Clock.GetUtcNow();
        var proof = defect switch
        {
            "wrong_htm" => key.Proof("GET", DpopHttp.TokenEndpoint, now),
            "wrong_htu" => key.Proof("POST", DpopHttp.Origin + "/connect/par", now),
            "expired_iat" => key.Proof("POST", DpopHttp.TokenEndpoint, now - TimeSpan.FromMinutes(5)),
            "alg_none" => key.Proof("POST", DpopHttp.TokenEndpoint, now, alg: "none"),
            "private_key" => key.Proof("POST", DpopHttp.TokenEndpoint, now, header: h => h["jwk"]!["d"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
            _ => key.Proof("POST", DpopHttp.TokenEndpoint, now, header: h => h["typ"] = "JWT"),
        };

        var refused = await DpopHttp.RedeemAsync(http, request, authorizationCode, proof);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalid_dpop_proof", refused.Error);
        Assert.Equal(code, refused.Code);
        // Nothing was consumed: the same code redeems with a good proof.
        var accepted = await DpopHttp.RedeemAsync(http, request, authorizationCode, key.Proof("POST", DpopHttp.TokenEndpoint, now));
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
    }

    [Fact]
    public async Task Replayed_proof_is_refused()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = new AuthorizationRequest();
        var key = DpopKey.Es256();
        var proof = key.Proof("POST", DpopHttp.TokenEndpoint, server.Clock.GetUtcNow());
        var first = await DpopHttp.RedeemAsync(http, request, await DpopHttp.GetCodeAsync(http, request), proof);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var second = await DpopHttp.RefreshAsync(http, request, first.Get("refresh_token")!, proof);

        Assert.Equal("invalid_dpop_proof", second.Error);
        Assert.Equal(DpopErrorCodes.Replayed, second.Code);
    }

    [Fact]
    public async Task Two_dpop_headers_are_refused()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = new AuthorizationRequest();
        var code = await DpopHttp.GetCodeAsync(http, request);
        var key = DpopKey.Es256();
        var now = server.Clock.GetUtcNow();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = request.RedirectUri, ["code_verifier"] = request.Pkce.Verifier,
            }),
        };
        message.Headers.Authorization = OidcFlow.Basic(request.ClientId, request.Secret!);

        var refused = await DpopHttp.SendAsync(http, message, key.Proof("POST", DpopHttp.TokenEndpoint, now), key.Proof("POST", DpopHttp.TokenEndpoint, now));

        Assert.Equal(DpopErrorCodes.ProofMultiple, refused.Code);
    }

    [Fact]
    public async Task Code_bound_by_dpop_jkt_redeems_only_with_that_key()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var key = DpopKey.Es256();
        var request = new AuthorizationRequest();
        request.Parameters["dpop_jkt"] = key.Thumbprint;
        var code = await DpopHttp.GetCodeAsync(http, request);
        var now = server.Clock.GetUtcNow();

        var missing = await DpopHttp.RedeemAsync(http, request, code, proof: null);
        Assert.Equal("invalid_dpop_proof", missing.Error);
        Assert.Equal(DpopErrorCodes.ProofMissing, missing.Code);

        var other = await DpopHttp.RedeemAsync(http, request, code, DpopKey.Es256().Proof("POST", DpopHttp.TokenEndpoint, now));
        Assert.Equal("invalid_dpop_proof", other.Error);
        Assert.Equal(DpopErrorCodes.KeyMismatch, other.Code);

        var accepted = await DpopHttp.RedeemAsync(http, request, code, key.Proof("POST", DpopHttp.TokenEndpoint, now));
        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(key.Thumbprint, DpopHttp.BoundThumbprint(accepted.Get("access_token")!));
    }

    [Fact]
    public async Task Proof_at_the_par_endpoint_binds_the_code_to_its_key()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var key = DpopKey.Es256();
        var request = new AuthorizationRequest();
        var code = await DpopHttp.GetCodeAsync(http, request, key.Proof("POST", DpopHttp.ParEndpoint, server.Clock.GetUtcNow()));

        var other = await DpopHttp.RedeemAsync(http, request, code, DpopKey.Es256().Proof("POST", DpopHttp.TokenEndpoint, server.Clock.GetUtcNow()));

        Assert.Equal(DpopErrorCodes.KeyMismatch, other.Code);
    }

    [Fact]
    public async Task Par_proof_and_dpop_jkt_naming_different_keys_are_refused()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = new AuthorizationRequest();
        request.Parameters["dpop_jkt"] = DpopKey.Es256().Thumbprint;

        var pushed = await DpopHttp.PushAsync(http, request, DpopKey.Es256().Proof("POST", DpopHttp.ParEndpoint, server.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.BadRequest, pushed.Status);
        Assert.Equal("invalid_dpop_proof", pushed.Error);
        Assert.Equal(DpopErrorCodes.KeyMismatch, pushed.Code);
    }

    [Theory]
    [InlineData("not-a-thumbprint")]
    [InlineData("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I=")]
    public async Task Malformed_dpop_jkt_is_refused_at_par(string jkt)
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        var request = new AuthorizationRequest();
        request.Parameters["dpop_jkt"] = jkt;

        var pushed = await DpopHttp.PushAsync(http, request);

        Assert.Equal("invalid_request", pushed.Error);
        Assert.Equal(DpopErrorCodes.JktInvalid, pushed.Code);
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/oauth-authorization-server")]
    public async Task Discovery_lists_the_dpop_signing_algorithms(string path)
    {
        var (server, http) = await StartAsync();
        await using var _ = server;

        using var document = JsonDocument.Parse(await http.GetStringAsync(path));

        Assert.Equal(["ES256", "EdDSA"], document.RootElement.GetProperty("dpop_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
    }
}
