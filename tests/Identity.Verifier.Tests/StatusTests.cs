using Identity.Tokens.Jose;
using Identity.Verifier.Tests.Support;

namespace Identity.Verifier.Tests;

/// <summary>draft-ietf-oauth-status-list: status values, caching until ttl/exp, and failing closed.</summary>
public sealed class StatusTests
{
    private static async Task<VerificationResult> VerifyAsync(VerifierFixture fx, AttestationVerifier verifier, int index = 3)
    {
        fx.Credentials.Now = fx.Clock.GetUtcNow();
        return await verifier.VerifyAsync(fx.ValidPresentation(index), VerifierFixture.Expect(), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Rejects_revoked_credential()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Statuses[3] = 1;
        Assert.Equal(VerifierErrorCodes.StatusRevoked, (await VerifyAsync(fx, fx.CreateVerifier())).Error!.Code);
    }

    [Fact]
    public async Task Rejects_suspended_credential()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Statuses[3] = 2;
        Assert.Equal(VerifierErrorCodes.StatusSuspended, (await VerifyAsync(fx, fx.CreateVerifier())).Error!.Code);
    }

    [Fact]
    public async Task Rejects_unknown_status_value()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Statuses[3] = 3;
        Assert.Equal(VerifierErrorCodes.StatusUnknownValue, (await VerifyAsync(fx, fx.CreateVerifier())).Error!.Code);
    }

    [Fact]
    public async Task Rejects_index_outside_the_list()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        Assert.Equal(VerifierErrorCodes.StatusIndexOutOfRange, (await VerifyAsync(fx, fx.CreateVerifier(), index: 100_000)).Error!.Code);
    }

    [Fact]
    public async Task Rejects_credential_without_status_when_required()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var presentation = fx.Credentials.Present(fx.Credentials.Issue(), VerifierFixture.Nonce, VerifierFixture.Audience, []);
        var result = await fx.CreateVerifier().VerifyAsync(presentation, VerifierFixture.Expect(), TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.StatusMissing, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_malformed_status_claim()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var credential = fx.Credentials.Issue(editPayload: p => p["status"] = new System.Text.Json.Nodes.JsonObject { ["status_list"] = "x" });
        var presentation = fx.Credentials.Present(credential, VerifierFixture.Nonce, VerifierFixture.Audience, []);
        var result = await fx.CreateVerifier().VerifyAsync(presentation, VerifierFixture.Expect(), TestContext.Current.CancellationToken);
        Assert.Equal(VerifierErrorCodes.StatusInvalid, result.Error!.Code);
    }

    [Fact]
    public async Task Rejects_status_list_signed_by_another_key()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var other = JwkKeys.GenerateEs256();
        fx.Server.Serve(VerifierFixture.StatusPath, "application/statuslist+jwt",
            () => TestStatusList.Token(fx.Issuer, fx.StatusUri, fx.Statuses, other, fx.Clock.GetUtcNow(), ttl: 300));
        Assert.Equal(VerifierErrorCodes.StatusListSignatureInvalid, (await VerifyAsync(fx, fx.CreateVerifier())).Error!.Code);
    }

    [Fact]
    public async Task Rejects_status_list_with_wrong_typ_or_sub()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Server.Serve(VerifierFixture.StatusPath, "application/statuslist+jwt",
            () => TestStatusList.Token(fx.Issuer, fx.StatusUri, fx.Statuses, fx.Credentials.IssuerKey, fx.Clock.GetUtcNow(), typ: "JWT"));
        Assert.Equal(VerifierErrorCodes.StatusListWrongType, (await VerifyAsync(fx, fx.CreateVerifier())).Error!.Code);

        fx.Server.Serve(VerifierFixture.StatusPath, "application/statuslist+jwt",
            () => TestStatusList.Token(fx.Issuer, fx.Server.Url("/status/other"), fx.Statuses, fx.Credentials.IssuerKey, fx.Clock.GetUtcNow()));
        Assert.Equal(VerifierErrorCodes.StatusListSubjectMismatch, (await VerifyAsync(fx, fx.CreateVerifier())).Error!.Code);
    }

    [Fact]
    public async Task Rejects_when_status_list_is_unreachable()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Server.Routes.TryRemove(VerifierFixture.StatusPath, out _);
        Assert.Equal(VerifierErrorCodes.StatusUnavailable, (await VerifyAsync(fx, fx.CreateVerifier())).Error!.Code);
    }

    [Fact]
    public async Task Revoked_credential_stays_valid_until_the_cached_list_expires_then_is_revoked()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.StatusTtlSeconds = 120;
        var verifier = fx.CreateVerifier();
        Assert.True((await VerifyAsync(fx, verifier)).IsValid);

        fx.Statuses[3] = 1; // revoked at the issuer
        fx.Clock.Advance(TimeSpan.FromSeconds(119));
        var cached = await VerifyAsync(fx, verifier);
        Assert.True(cached.IsValid, cached.Error?.ToString());
        Assert.Equal(CredentialStatus.Valid, cached.Status);

        fx.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(VerifierErrorCodes.StatusRevoked, (await VerifyAsync(fx, verifier)).Error!.Code);
        Assert.Equal(2, fx.Server.Hits[VerifierFixture.StatusPath]);
    }

    [Fact]
    public async Task Fails_closed_when_the_list_cannot_be_refreshed_after_its_ttl()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.StatusTtlSeconds = 60;
        var verifier = fx.CreateVerifier();
        Assert.True((await VerifyAsync(fx, verifier)).IsValid);

        fx.Server.Serve(VerifierFixture.StatusPath, "text/plain", () => "down", status: 503);
        fx.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await VerifyAsync(fx, verifier)).IsValid);

        fx.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(VerifierErrorCodes.StatusUnavailable, (await VerifyAsync(fx, verifier)).Error!.Code);
    }

    [Fact]
    public async Task Cache_honours_exp_sooner_than_ttl()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        fx.Server.Serve(VerifierFixture.StatusPath, "application/statuslist+jwt",
            () => TestStatusList.Token(fx.Issuer, fx.StatusUri, fx.Statuses, fx.Credentials.IssuerKey, fx.Clock.GetUtcNow(), ttl: 3600, exp: fx.Clock.GetUtcNow().AddSeconds(30)));
        var verifier = fx.CreateVerifier();
        Assert.True((await VerifyAsync(fx, verifier)).IsValid);
        fx.Statuses[3] = 2;
        fx.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(VerifierErrorCodes.StatusSuspended, (await VerifyAsync(fx, verifier)).Error!.Code);
    }
}
