using Identity.Tokens.Dpop;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Tests.Dpop;

/// <summary>RFC 9449 §4.3: one named case per check of a DPoP proof.</summary>
public sealed class DpopProofValidatorTests
{
    private const string TokenEndpoint = "https://server.example.com/token";
    private static readonly ECDsaSecurityKey Key = JwkKeys.GenerateEs256();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    private TokenResult<DpopProof> Validate(string? proof, string method = "POST", string uri = TokenEndpoint, string? accessToken = null)
        => DpopProofValidator.Validate(proof, new DpopRequest(method, new Uri(uri), accessToken), DpopProofValidationOptions.Default, _clock);

    private string Proof(SecurityKey? key = null, string htm = "POST", string htu = TokenEndpoint, DateTimeOffset? iat = null, string? accessToken = null,
        string? alg = null, Action<System.Text.Json.Nodes.JsonObject>? header = null, Action<System.Text.Json.Nodes.JsonObject>? payload = null)
        => DpopProofs.Create(key ?? Key, htm, htu, iat ?? _clock.GetUtcNow(), accessToken, alg, header, payload);

    private static void AssertRefused(TokenResult<DpopProof> result, string code)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(code, result.Error.Code);
        Assert.Equal(DpopErrorCodes.InvalidDpopProof, result.Error.SpecError);
    }

    [Fact]
    public void Accepts_an_es256_proof_and_returns_the_jwk_thumbprint()
    {
        var result = Validate(Proof());

        Assert.True(result.IsSuccess);
        Assert.Equal(JwkKeys.ComputeThumbprint(Key), result.Value.Thumbprint);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), result.Value.IssuedAt.ToUnixTimeSeconds());
        Assert.NotEmpty(result.Value.JwtId);
    }

    [Fact]
    public void Accepts_an_eddsa_proof()
    {
        var key = JwkKeys.GenerateEd25519();

        var result = Validate(Proof(key));

        Assert.True(result.IsSuccess);
        Assert.Equal(JwkKeys.ComputeThumbprint(key), result.Value.Thumbprint);
    }

    [Fact]
    public void Htu_ignores_query_fragment_host_case_and_default_port()
    {
        var result = Validate(Proof(htu: "https://SERVER.example.com:443/token"), uri: "https://server.example.com/token?x=1#f");

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Accepts_a_proof_with_the_access_token_hash_at_a_resource()
    {
        var result = Validate(Proof(htm: "GET", htu: "https://server.example.com/userinfo", accessToken: "at-123"), "GET", "https://server.example.com/userinfo", "at-123");

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Rejects_a_missing_proof() => AssertRefused(Validate(null), DpopErrorCodes.ProofMissing);

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b")]
    [InlineData("e30.e30.sig~")]
    [InlineData("!!!.e30.AA")]
    public void Rejects_a_malformed_proof(string proof) => AssertRefused(Validate(proof), DpopErrorCodes.ProofMalformed);

    [Fact]
    public void Rejects_a_proof_naming_a_critical_extension()
        => AssertRefused(Validate(Proof(header: h =>
        {
            h["crit"] = new System.Text.Json.Nodes.JsonArray("x-ext");
            h["x-ext"] = "v";
        })), DpopErrorCodes.ProofMalformed);

    [Fact]
    public void Rejects_an_oversized_proof() => AssertRefused(Validate(Proof(payload: p => p["pad"] = new string('a', 5000))), DpopErrorCodes.ProofMalformed);

    [Theory]
    [InlineData("JWT")]
    [InlineData("DPOP+JWT")]
    [InlineData(null)]
    public void Rejects_a_wrong_typ(string? typ) => AssertRefused(Validate(Proof(header: h => { if (typ is null) { h.Remove("typ"); } else { h["typ"] = typ; } })), DpopErrorCodes.TypInvalid);

    [Fact]
    public void Rejects_alg_none() => AssertRefused(Validate(Proof(alg: "none")), DpopErrorCodes.AlgNotAllowed);

    [Theory]
    [InlineData("HS256")]
    [InlineData("RS256")]
    [InlineData("ES384")]
    public void Rejects_an_algorithm_outside_the_allow_list(string alg) => AssertRefused(Validate(Proof(alg: alg)), DpopErrorCodes.AlgNotAllowed);

    [Fact]
    public void Rejects_a_private_key_in_the_jwk()
        => AssertRefused(Validate(Proof(header: h => h["jwk"]!["d"] = Base64UrlEncoder.Encode(new byte[32]))), DpopErrorCodes.KeyPrivate);

    [Fact]
    public void Rejects_a_proof_without_jwk() => AssertRefused(Validate(Proof(header: h => h.Remove("jwk"))), DpopErrorCodes.KeyInvalid);

    [Fact]
    public void Rejects_an_unsupported_jwk() => AssertRefused(Validate(Proof(header: h => h["jwk"] = new System.Text.Json.Nodes.JsonObject { ["kty"] = "oct", ["k"] = "AAAA" })), DpopErrorCodes.KeyInvalid);

    [Fact]
    public void Rejects_a_proof_signed_by_another_key()
    {
        var other = Proof(JwkKeys.GenerateEs256());
        var mine = Proof();
        var forged = mine[..mine.LastIndexOf('.')] + other[other.LastIndexOf('.')..];

        AssertRefused(Validate(forged), DpopErrorCodes.SignatureInvalid);
    }

    [Fact]
    public void Rejects_an_es256_header_over_an_ed25519_key()
        => AssertRefused(Validate(Proof(JwkKeys.GenerateEd25519(), alg: JoseAlgorithms.ES256)), DpopErrorCodes.SignatureInvalid);

    [Theory]
    [InlineData("jti")]
    [InlineData("htm")]
    [InlineData("htu")]
    [InlineData("iat")]
    public void Rejects_a_proof_missing_a_required_claim(string claim) => AssertRefused(Validate(Proof(payload: p => p.Remove(claim))), DpopErrorCodes.ClaimMissing);

    [Fact]
    public void Rejects_a_string_iat() => AssertRefused(Validate(Proof(payload: p => p["iat"] = "1700000000")), DpopErrorCodes.ClaimMissing);

    [Theory]
    [InlineData("GET")]
    [InlineData("post")]
    public void Rejects_a_wrong_htm(string htm) => AssertRefused(Validate(Proof(htm: htm)), DpopErrorCodes.HtmMismatch);

    [Theory]
    [InlineData("https://server.example.com/other")]
    [InlineData("http://server.example.com/token")]
    [InlineData("https://attacker.example/token")]
    [InlineData("https://server.example.com:8443/token")]
    [InlineData("/token")]
    public void Rejects_a_wrong_htu(string htu) => AssertRefused(Validate(Proof(htu: htu)), DpopErrorCodes.HtuMismatch);

    [Fact]
    public void Rejects_an_expired_iat()
        => AssertRefused(Validate(Proof(iat: _clock.GetUtcNow() - TimeSpan.FromSeconds(121))), DpopErrorCodes.IatInvalid);

    [Fact]
    public void Rejects_an_iat_in_the_future()
        => AssertRefused(Validate(Proof(iat: _clock.GetUtcNow() + TimeSpan.FromSeconds(61))), DpopErrorCodes.IatInvalid);

    [Fact]
    public void Accepts_an_iat_within_the_clock_skew()
        => Assert.True(Validate(Proof(iat: _clock.GetUtcNow() - TimeSpan.FromSeconds(119))).IsSuccess);

    [Fact]
    public void Rejects_a_missing_ath_at_a_resource()
        => AssertRefused(Validate(Proof(htm: "GET", htu: "https://server.example.com/userinfo"), "GET", "https://server.example.com/userinfo", "at-123"), DpopErrorCodes.AthMismatch);

    [Fact]
    public void Rejects_a_bad_ath()
        => AssertRefused(
            Validate(Proof(htm: "GET", htu: "https://server.example.com/userinfo", accessToken: "another-token"), "GET", "https://server.example.com/userinfo", "at-123"),
            DpopErrorCodes.AthMismatch);

    [Fact]
    public void Access_token_hash_is_base64url_sha256_of_the_token()
        // RFC 9449 §7.1 example: the hash of the access token "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU".
        => Assert.Equal("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", DpopProofValidator.AccessTokenHash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"));

    [Theory]
    [InlineData("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", true)]
    [InlineData("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4", false)]
    [InlineData("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4=", false)]
    [InlineData(null, false)]
    public void Dpop_jkt_must_look_like_a_thumbprint(string? value, bool expected) => Assert.Equal(expected, DpopProofValidator.IsThumbprint(value));
}

/// <summary>Every public type is a promise: adding one to Dpop is a deliberate change.</summary>
public sealed class DpopPublicSurfaceTests
{
    [Fact]
    public void Dpop_public_types_are_exactly_these()
    {
        var actual = typeof(DpopProofValidator).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "Identity.Tokens.Dpop")
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["DpopErrorCodes", "DpopProof", "DpopProofValidationOptions", "DpopProofValidator", "DpopRequest"], actual);
    }
}
