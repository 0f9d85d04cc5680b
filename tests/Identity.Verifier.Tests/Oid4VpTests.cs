using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Verifier.Oid4Vp;
using Identity.Verifier.Tests.Support;

namespace Identity.Verifier.Tests;

/// <summary>OpenID4VP 1.0: DCQL request with direct_post, and processing of the wallet's response.</summary>
public sealed class Oid4VpTests
{
    private static OpenId4VpVerifier CreateOid4Vp(VerifierFixture fx) =>
        new(fx.CreateVerifier(), new OpenId4VpOptions { ResponseUri = new Uri("https://rp.example.ca/vp/response") }, timeProvider: fx.Clock);

    private static Dictionary<string, string?> Response(PresentationRequest request, string id, string presentation) => new()
    {
        ["state"] = request.State,
        ["vp_token"] = new JsonObject { [id] = new JsonArray(presentation) }.ToJsonString(),
    };

    private static string Answer(VerifierFixture fx, PresentationRequest request, params string[] disclose)
    {
        var credential = fx.Credentials.Issue(fx.StatusUri);
        return fx.Credentials.Present(credential, request.Nonce, request.ClientId, disclose);
    }

    [Fact]
    public async Task Builds_a_direct_post_request_with_a_dcql_query_for_age_over_18()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var request = await CreateOid4Vp(fx).CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var parameters = request.ToParameters();

        Assert.Equal("vp_token", parameters["response_type"]);
        Assert.Equal("direct_post", parameters["response_mode"]);
        Assert.Equal(VerifierFixture.Audience, parameters["client_id"]);
        Assert.Equal("https://rp.example.ca/vp/response", parameters["response_uri"]);
        Assert.True(request.Nonce.Length >= 22 && request.State.Length >= 22);
        var dcql = JsonNode.Parse(parameters["dcql_query"])!;
        var credential = dcql["credentials"]![0]!;
        Assert.Equal("age", credential["id"]!.GetValue<string>());
        Assert.Equal("dc+sd-jwt", credential["format"]!.GetValue<string>());
        Assert.Equal(TestCredentials.Vct, credential["meta"]!["vct_values"]![0]!.GetValue<string>());
        Assert.Equal("age_over_18", credential["claims"]![0]!["path"]![0]!.GetValue<string>());
        Assert.StartsWith("openid4vp://?", request.ToAuthorizationUrl(), StringComparison.Ordinal);
        Assert.Contains("\"dc+sd-jwt\"", parameters["dcql_query"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepts_a_direct_post_response_answering_the_query()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        var request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);

        var result = await oid4vp.ProcessResponseAsync(Response(request, "age", Answer(fx, request, "age_over_18")), TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.True(result.Credentials["age"].Claims!["age_over_18"].GetBoolean());
        Assert.Equal(["age_over_18"], result.Credentials["age"].Claims!.Keys);
    }

    [Fact]
    public async Task Rejects_response_missing_a_requested_claim()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        var request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var result = await oid4vp.ProcessResponseAsync(Response(request, "age", Answer(fx, request, "given_name")), TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.QueryClaimMissing, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_replayed_response()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        var request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var response = Response(request, "age", Answer(fx, request, "age_over_18"));
        Assert.True((await oid4vp.ProcessResponseAsync(response, TestContext.Current.CancellationToken)).IsValid);
        Assert.Equal(VerifierErrorCodes.StateUnknown, (await oid4vp.ProcessResponseAsync(response, TestContext.Current.CancellationToken)).Error!.Code);
    }

    [Fact]
    public async Task Rejects_unknown_or_missing_state()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        Assert.Equal(VerifierErrorCodes.StateUnknown, (await oid4vp.ProcessResponseAsync(new Dictionary<string, string?> { ["state"] = "nope", ["vp_token"] = "{}" }, TestContext.Current.CancellationToken)).Error!.Code);
        Assert.Equal(VerifierErrorCodes.ResponseMalformed, (await oid4vp.ProcessResponseAsync(new Dictionary<string, string?> { ["vp_token"] = "{}" }, TestContext.Current.CancellationToken)).Error!.Code);
    }

    [Fact]
    public async Task Rejects_expired_request()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        var request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        fx.Clock.Advance(TimeSpan.FromMinutes(6));
        var result = await oid4vp.ProcessResponseAsync(Response(request, "age", Answer(fx, request, "age_over_18")), TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.StateUnknown, result.Error!.Code);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("\"a-string\"")]
    [InlineData("{\"age\":\"not-an-array\"}")]
    [InlineData("{\"age\":[]}")]
    public async Task Rejects_malformed_vp_token(string vpToken)
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        var request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var result = await oid4vp.ProcessResponseAsync(new Dictionary<string, string?> { ["state"] = request.State, ["vp_token"] = vpToken }, TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.ResponseMalformed, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_vp_token_that_does_not_answer_the_query_id()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        var request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var result = await oid4vp.ProcessResponseAsync(Response(request, "other", Answer(fx, request, "age_over_18")), TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.QueryUnexpectedPresentation, result.Error!.Code);

        var empty = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var unanswered = await oid4vp.ProcessResponseAsync(new Dictionary<string, string?> { ["state"] = empty.State, ["vp_token"] = "{}" }, TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.CredentialQueryUnanswered, unanswered.Error!.Code);
    }

    [Fact]
    public async Task Rejects_presentation_bound_to_another_request_nonce()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        var first = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var second = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var result = await oid4vp.ProcessResponseAsync(Response(second, "age", Answer(fx, first, "age_over_18")), TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.KeyBindingNonceMismatch, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_credential_of_a_type_outside_vct_values()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        var request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", "https://other.example/type", "age_over_18"), TestContext.Current.CancellationToken);
        var result = await oid4vp.ProcessResponseAsync(Response(request, "age", Answer(fx, request, "age_over_18")), TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.VctNotAccepted, result.Error!.Code);
    }

    [Fact]
    public async Task Reports_wallet_error_response()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var oid4vp = CreateOid4Vp(fx);
        var request = await oid4vp.CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var result = await oid4vp.ProcessResponseAsync(new Dictionary<string, string?> { ["state"] = request.State, ["error"] = "access_denied" }, TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.WalletError, result.Error!.Code);
        Assert.Equal("access_denied", result.Error.SpecError);
    }

    [Fact]
    public void Refuses_invalid_queries_and_options_with_a_fix()
    {
        Assert.Throws<ArgumentException>(() => new OpenId4VpOptions().Validate().Count > 0 ? throw new ArgumentException("expected") : 0);
        var query = new DcqlQuery();
        query.Credentials.Add(new DcqlCredentialQuery("bad id!"));
        Assert.Equal(2, query.Validate().Count);
    }

    [Fact]
    public async Task Request_survives_serialization_for_a_distributed_store()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var request = await CreateOid4Vp(fx).CreateRequestAsync(DcqlQuery.ForClaims("age", TestCredentials.Vct, "age_over_18"), TestContext.Current.CancellationToken);
        var copy = PresentationRequest.Deserialize(request.Serialize());
        Assert.NotNull(copy);
        Assert.Equal(request.ToParameters(), copy.ToParameters());
        Assert.Null(PresentationRequest.Deserialize("{}"u8));
        Assert.Null(PresentationRequest.Deserialize(JsonSerializer.SerializeToUtf8Bytes("x")));
    }
}
