using Identity.Tokens.Jose;
using Identity.Tokens.StatusList;
using Identity.Tokens.Tests.Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Identity.Tokens.Tests.StatusList.StatusListAssertions;
using static Identity.Tokens.Tests.StatusList.StatusListTokenTestHelpers;

namespace Identity.Tokens.Tests.StatusList;

public class StatusListTokenTests
{
    private const string DraftUri = "https://example.com/statuslists/1";
    private static readonly DateTimeOffset DraftIssuedAt = DateTimeOffset.FromUnixTimeSeconds(1686920170);

    [Fact]
    public async Task Draft_example_token_validates_with_the_example_key()
    {
        var result = await ValidateDraftExampleAsync(DraftIssuedAt.AddHours(1), DraftUri);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var token = result.Value;
        Assert.Equal(DraftUri, token.Subject);
        Assert.Equal("https://example.com", token.Issuer);
        Assert.Equal("12", token.KeyId);
        Assert.Equal(DraftIssuedAt, token.IssuedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2291720170), token.ExpiresAt);
        Assert.Equal(TimeSpan.FromSeconds(43200), token.TimeToLive);
        Assert.Equal(1, token.List.Bits);
        Assert.Equal("b9a3", Convert.ToHexStringLower(token.List.Bytes));
        Assert.Equal(StatusTypes.Invalid, token.GetStatus(0).Value);
        Assert.Equal(StatusTypes.Valid, token.GetStatus(1).Value);
    }

    [Fact]
    public async Task Draft_example_token_is_refused_after_its_exp()
        => AssertCode((await ValidateDraftExampleAsync(DateTimeOffset.FromUnixTimeSeconds(2291720170 + 61), DraftUri)).Error, StatusListErrorCodes.Expired);

    [Fact]
    public async Task Draft_example_token_is_refused_for_another_uri()
        => AssertCode((await ValidateDraftExampleAsync(DraftIssuedAt, "https://example.com/statuslists/2")).Error, StatusListErrorCodes.SubjectMismatch);

    [Theory]
    [InlineData("ES256")]
    [InlineData("Ed25519")]
    [InlineData("EdDSA")]
    public async Task Created_token_validates_and_carries_the_claims(string algorithm)
    {
        SecurityKey key = algorithm == JoseAlgorithms.ES256 ? JwkKeys.GenerateEs256() : JwkKeys.GenerateEd25519();
        var list = new TokenStatusList(1024, 2);
        list.Set(7, StatusTypes.Suspended);
        var descriptor = new StatusListTokenDescriptor
        {
            Uri = ListUri, Issuer = "https://issuer.example.ca", Lifetime = TimeSpan.FromHours(24), TimeToLive = TimeSpan.FromMinutes(15), Algorithm = algorithm,
        };

        var jwt = StatusListTokenWriter.Create(list, descriptor, key, Clock());
        var result = await StatusListTokenValidator.ValidateAsync(jwt, ListUri, [PublicOnly(key)], Options(Clock(Now.AddMinutes(5))));

        var header = new JsonWebToken(jwt);
        Assert.Equal(StatusListToken.JwtType, header.Typ);
        Assert.Equal(algorithm, header.Alg);
        Assert.Equal(key.KeyId, header.Kid);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(Now, result.Value.IssuedAt);
        Assert.Equal(Now.AddHours(24), result.Value.ExpiresAt);
        Assert.Equal(TimeSpan.FromMinutes(15), result.Value.TimeToLive);
        Assert.Equal(StatusTypes.Suspended, result.Value.GetStatus(7).Value);
        Assert.Equal(StatusTypes.Valid, result.Value.GetStatus(8).Value);
    }

    [Fact]
    public void Default_algorithm_follows_the_key()
    {
        var jwt = StatusListTokenWriter.Create(new TokenStatusList(8, 1), new StatusListTokenDescriptor { Uri = ListUri }, JwkKeys.GenerateEd25519(), Clock());

        Assert.Equal(JoseAlgorithms.Ed25519, new JsonWebToken(jwt).Alg);
        Assert.False(new JsonWebToken(jwt).TryGetPayloadValue<long>("exp", out _));
    }

    [Fact]
    public async Task GetStatus_checks_a_reference_end_to_end()
    {
        var key = JwkKeys.GenerateEs256();
        var list = new TokenStatusList(100, 1);
        list.Set(42, StatusTypes.Invalid);
        var jwt = StatusListTokenWriter.Create(list, new StatusListTokenDescriptor { Uri = ListUri }, key, Clock());

        var revoked = await StatusListTokenValidator.GetStatusAsync(new StatusReference(42, ListUri), jwt, [key], Options(Clock()));
        var valid = await StatusListTokenValidator.GetStatusAsync(new StatusReference(41, ListUri), jwt, [key], Options(Clock()));

        Assert.Equal(StatusTypes.Invalid, revoked.Value);
        Assert.Equal(StatusTypes.Valid, valid.Value);
    }

    [Fact]
    public async Task Rejects_index_out_of_range()
    {
        var key = JwkKeys.GenerateEs256();
        var jwt = StatusListTokenWriter.Create(new TokenStatusList(16, 1), new StatusListTokenDescriptor { Uri = ListUri }, key, Clock());

        var result = await StatusListTokenValidator.GetStatusAsync(new StatusReference(16, ListUri), jwt, [key], Options(Clock()));

        AssertCode(result.Error, StatusListErrorCodes.IndexOutOfRange);
    }

    [Fact]
    public async Task Rejects_altered_signature()
    {
        var key = JwkKeys.GenerateEd25519();
        var jwt = JwsTestHelpers.TamperSignature(SignRaw(key, Claims()));

        AssertCode(await ValidateAsync(jwt, key), StatusListErrorCodes.SignatureInvalid);
    }

    [Fact]
    public async Task Rejects_token_signed_by_a_key_that_is_not_the_issuers()
    {
        var jwt = SignRaw(JwkKeys.GenerateEs256(), Claims());

        AssertCode(await ValidateAsync(jwt, JwkKeys.GenerateEs256()), StatusListErrorCodes.SignatureInvalid);
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("dc+sd-jwt")]
    [InlineData(null)]
    public async Task Rejects_wrong_typ(string? typ)
    {
        var key = JwkKeys.GenerateEs256();

        AssertCode(await ValidateAsync(SignRaw(key, Claims(), typ), key), StatusListErrorCodes.TypInvalid);
    }

    [Fact]
    public async Task Accepts_typ_with_application_prefix()
    {
        var key = JwkKeys.GenerateEs256();

        Assert.Null(await ValidateAsync(SignRaw(key, Claims(), StatusListToken.MediaType), key));
    }

    [Fact]
    public async Task Rejects_alg_none()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"statuslist+jwt"}""");
        var payload = Base64UrlEncoder.Encode($$$"""{"sub":"{{{ListUri}}}","iat":{{{Now.ToUnixTimeSeconds()}}},"status_list":{"bits":1,"lst":"eNrbuRgAAhcBXQ"}}""");

        AssertCode(await ValidateAsync($"{header}.{payload}.", JwkKeys.GenerateEs256()), StatusListErrorCodes.AlgorithmUnsupported);
    }

    [Fact]
    public async Task Rejects_symmetric_hs256()
    {
        var secret = new SymmetricSecurityKey(new byte[32]);

        AssertCode(await ValidateAsync(SignRaw(secret, Claims(), algorithm: SecurityAlgorithms.HmacSha256), secret), StatusListErrorCodes.AlgorithmUnsupported);
    }

    [Fact]
    public async Task Rejects_iat_in_the_future()
    {
        var key = JwkKeys.GenerateEs256();
        var claims = Claims();
        claims["iat"] = Now.AddMinutes(5).ToUnixTimeSeconds();

        AssertCode(await ValidateAsync(SignRaw(key, claims), key), StatusListErrorCodes.NotYetValid);
    }

    [Fact]
    public async Task Rejects_nbf_in_the_future()
    {
        var key = JwkKeys.GenerateEs256();
        var claims = Claims();
        claims["nbf"] = Now.AddMinutes(5).ToUnixTimeSeconds();

        AssertCode(await ValidateAsync(SignRaw(key, claims), key), StatusListErrorCodes.NotYetValid);
    }

    [Fact]
    public async Task Expiry_allows_the_configured_clock_skew_only()
    {
        var key = JwkKeys.GenerateEs256();
        var jwt = SignRaw(key, Claims());
        var exp = Now.AddDays(1);

        Assert.True((await StatusListTokenValidator.ValidateAsync(jwt, ListUri, [key], Options(Clock(exp.AddSeconds(30))))).IsSuccess);
        AssertCode((await StatusListTokenValidator.ValidateAsync(jwt, ListUri, [key], Options(Clock(exp.AddSeconds(60))))).Error, StatusListErrorCodes.Expired);
    }

    [Fact]
    public async Task Rejects_token_older_than_the_freshness_policy()
    {
        var key = JwkKeys.GenerateEs256();
        var jwt = SignRaw(key, Claims());

        var result = await StatusListTokenValidator.ValidateAsync(jwt, ListUri, [key], Options(Clock(Now.AddHours(2)), maxAge: TimeSpan.FromHours(1)));

        AssertCode(result.Error, StatusListErrorCodes.Stale);
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("iat")]
    [InlineData("status_list")]
    public async Task Rejects_token_missing_a_required_claim(string claim)
    {
        var key = JwkKeys.GenerateEs256();
        var claims = Claims();
        claims.Remove(claim);

        AssertCode(await ValidateAsync(SignRaw(key, claims), key), StatusListErrorCodes.Malformed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Rejects_ttl_that_is_not_positive(int ttl)
    {
        var key = JwkKeys.GenerateEs256();
        var claims = Claims();
        claims["ttl"] = ttl;

        AssertCode(await ValidateAsync(SignRaw(key, claims), key), StatusListErrorCodes.Malformed);
    }

    [Fact]
    public async Task Rejects_ttl_that_is_not_a_number()
    {
        var key = JwkKeys.GenerateEs256();
        var claims = Claims();
        claims["ttl"] = "3600";

        AssertCode(await ValidateAsync(SignRaw(key, claims), key), StatusListErrorCodes.Malformed);
    }

    [Fact]
    public async Task Rejects_iat_that_is_not_a_number()
    {
        var key = JwkKeys.GenerateEs256();
        var claims = Claims();
        claims["iat"] = "yesterday";

        AssertCode(await ValidateAsync(SignRaw(key, claims), key), StatusListErrorCodes.Malformed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(16)]
    public async Task Rejects_bits_other_than_1_2_4_8(int bits)
    {
        var key = JwkKeys.GenerateEs256();

        AssertCode(await ValidateAsync(SignRaw(key, Claims(bits: bits)), key), StatusListErrorCodes.BitsInvalid);
    }

    [Fact]
    public async Task Rejects_lst_that_is_not_zlib()
    {
        var key = JwkKeys.GenerateEs256();

        AssertCode(await ValidateAsync(SignRaw(key, Claims(lst: Base64UrlEncoder.Encode("plain text"))), key), StatusListErrorCodes.Malformed);
    }

    [Fact]
    public async Task Rejects_zlib_bomb_inside_a_validly_signed_token()
    {
        var key = JwkKeys.GenerateEs256();
        var bomb = Base64UrlEncoder.Encode(StatusListDecodingLimitTests.ZlibOf(new byte[32 * 1024 * 1024]));

        AssertCode(await ValidateAsync(SignRaw(key, Claims(lst: bomb)), key), StatusListErrorCodes.TooLarge);
    }

    [Fact]
    public async Task Rejects_token_longer_than_the_limit()
    {
        var key = JwkKeys.GenerateEs256();
        var options = new StatusListTokenValidationOptions { TimeProvider = Clock(), MaxTokenLength = 100 };

        var result = await StatusListTokenValidator.ValidateAsync(SignRaw(key, Claims()), ListUri, [key], options);

        AssertCode(result.Error, StatusListErrorCodes.TooLarge);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("e30.e30.e30.e30.e30")]
    public async Task Rejects_input_that_is_not_a_compact_jws(string token)
        => AssertCode(await ValidateAsync(token, JwkKeys.GenerateEs256()), StatusListErrorCodes.Malformed);

    [Theory]
    [InlineData("http://localhost:5080/status-lists/1", true)]
    [InlineData("http://127.0.0.1:5080/status-lists/1", true)]
    [InlineData("http://[::1]:5080/status-lists/1", true)]
    [InlineData("http://issuer.example/status-lists/1", false)]
    [InlineData("http://localhost.example/status-lists/1", false)]
    public void Writer_accepts_loopback_http_only_when_allowed(string uri, bool accepted)
    {
        var key = JwkKeys.GenerateEs256();
        var list = new TokenStatusList(8, 1);

        Assert.Throws<ArgumentException>(() => StatusListTokenWriter.Create(list, new StatusListTokenDescriptor { Uri = uri }, key, Clock()));
        var allowed = new StatusListTokenDescriptor { Uri = uri, AllowLoopbackHttp = true };
        if (accepted)
        {
            Assert.Equal(uri, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(StatusListTokenWriter.Create(list, allowed, key, Clock())).Subject);
        }
        else
        {
            Assert.Throws<ArgumentException>(() => StatusListTokenWriter.Create(list, allowed, key, Clock()));
        }
    }

    [Fact]
    public void Writer_refuses_misconfiguration()
    {
        var key = JwkKeys.GenerateEs256();
        var list = new TokenStatusList(8, 1);

        Assert.Throws<ArgumentException>(() => StatusListTokenWriter.Create(list, new StatusListTokenDescriptor { Uri = "http://example.com/s/1" }, key, Clock()));
        Assert.Throws<ArgumentException>(() => StatusListTokenWriter.Create(list, new StatusListTokenDescriptor { Uri = ListUri, TimeToLive = TimeSpan.Zero }, key, Clock()));
        Assert.Throws<ArgumentException>(() => StatusListTokenWriter.Create(list, new StatusListTokenDescriptor { Uri = ListUri, Lifetime = TimeSpan.FromSeconds(-1) }, key, Clock()));
        Assert.Throws<ArgumentException>(() => StatusListTokenWriter.Create(list, new StatusListTokenDescriptor { Uri = ListUri, Algorithm = "HS256" }, key, Clock()));
        Assert.Throws<ArgumentException>(() => StatusListTokenWriter.Create(list, new StatusListTokenDescriptor { Uri = ListUri, CompressionLevel = 0 }, key, Clock()));
    }

    [Fact]
    public async Task Validator_refuses_an_empty_key_set()
        => await Assert.ThrowsAsync<ArgumentException>(() => StatusListTokenValidator.ValidateAsync("a.b.c", ListUri, [], Options(Clock())));

    private static async Task<Results.TokenResult<StatusListToken>> ValidateDraftExampleAsync(DateTimeOffset now, string expectedUri)
    {
        Assert.True(JwkKeys.TryCreateSecurityKey(TestFiles.Read("StatusList", "draft-20-example-public-key.json"), out var key));
        var jwt = TestFiles.Read("StatusList", "draft-20-status-list-token.jwt");
        return await StatusListTokenValidator.ValidateAsync(jwt, expectedUri, [key!], Options(Clock(now)));
    }

    private static async Task<Results.TokenError?> ValidateAsync(string token, SecurityKey key)
        => (await StatusListTokenValidator.ValidateAsync(token, ListUri, [key], Options(Clock()))).Error;

    private static SecurityKey PublicOnly(SecurityKey key)
    {
        Assert.True(JwkKeys.TryCreateSecurityKey(JwkKeys.ExportPublicJwk(key), out var publicKey));
        return publicKey!;
    }
}
