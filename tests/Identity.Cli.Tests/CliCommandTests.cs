using System.Diagnostics;
using System.Text.Json;
using Identity.Tokens.Jose;
using Identity.Verifier;

namespace Identity.Cli.Tests;

public sealed class CliCommandTests : IDisposable
{
    private readonly CliFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Theory]
    [InlineData("ES256", "EC")]
    [InlineData("Ed25519", "OKP")]
    public async Task Keys_generate_prints_a_private_jwk_and_its_public_part(string alg, string kty)
    {
        var (exit, stdout, _) = await _fx.RunAsync(["keys", "generate", "--alg", alg]);

        Assert.Equal(ExitCodes.Success, exit);
        using var json = JsonDocument.Parse(stdout);
        var privateJwk = json.RootElement.GetProperty("private_jwk");
        var publicJwk = json.RootElement.GetProperty("public_jwk");
        Assert.Equal(kty, publicJwk.GetProperty("kty").GetString());
        Assert.True(privateJwk.TryGetProperty("d", out _));
        Assert.False(publicJwk.TryGetProperty("d", out _));
        Assert.True(JwkKeys.TryCreateSecurityKey(privateJwk.GetRawText(), out _));
        Assert.Equal(json.RootElement.GetProperty("kid").GetString(), publicJwk.GetProperty("kid").GetString());
    }

    [Fact]
    public async Task Keys_generate_refuses_an_unsupported_algorithm()
    {
        var (exit, _, _) = await _fx.RunAsync(["keys", "generate", "--alg", "RS256"]);
        Assert.Equal(ExitCodes.UsageError, exit);
    }

    [Fact]
    public async Task Decode_prints_header_payload_each_disclosure_and_the_kb_jwt_from_stdin()
    {
        var (exit, stdout, stderr) = await _fx.RunAsync(["decode", "-"], _fx.Presentation(disclose: ["age_over_18"]));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("NOT verified", stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("dc+sd-jwt", json.RootElement.GetProperty("header").GetProperty("typ").GetString());
        Assert.Equal(CliFixture.Issuer, json.RootElement.GetProperty("payload").GetProperty("iss").GetString());
        var disclosure = Assert.Single(json.RootElement.GetProperty("disclosures").EnumerateArray());
        Assert.Equal("age_over_18", disclosure.GetProperty("name").GetString());
        Assert.True(disclosure.GetProperty("value").GetBoolean());
        Assert.Equal("kb+jwt", json.RootElement.GetProperty("key_binding_jwt").GetProperty("header").GetProperty("typ").GetString());
    }

    [Fact]
    public async Task Decode_refuses_input_that_is_not_a_jwt()
    {
        var (exit, _, _) = await _fx.RunAsync(["decode", "-"], "hello");
        Assert.Equal(ExitCodes.UsageError, exit);
    }

    [Fact]
    public async Task Decode_refuses_a_missing_file()
    {
        var (exit, _, stderr) = await _fx.RunAsync(["decode", "/nonexistent/presentation.txt"]);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("cannot read", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_with_jwks_prints_the_disclosed_claims_and_exits_0()
    {
        var file = _fx.Write("p.txt", _fx.Presentation(disclose: ["age_over_18"]));
        var jwks = _fx.Write("jwks.json", _fx.IssuerJwksJson());

        var (exit, stdout, _) = await _fx.RunAsync(["verify", file, "--aud", CliFixture.Audience, "--nonce", CliFixture.Nonce, "--jwks", jwks, "--vct", CliFixture.Vct]);

        Assert.Equal(ExitCodes.Success, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(CliFixture.Vct, json.RootElement.GetProperty("vct").GetString());
        var claims = json.RootElement.GetProperty("claims");
        Assert.True(claims.GetProperty("age_over_18").GetBoolean());
        Assert.False(claims.TryGetProperty("given_name", out _));
    }

    [Fact]
    public async Task Verify_prints_the_error_code_and_exits_1_for_a_wrong_nonce()
    {
        var file = _fx.Write("p.txt", _fx.Presentation("other-nonce", "age_over_18"));
        var jwks = _fx.Write("jwks.json", _fx.IssuerJwksJson());

        var (exit, stdout, _) = await _fx.RunAsync(["verify", file, "--aud", CliFixture.Audience, "--nonce", CliFixture.Nonce, "--jwks", jwks]);

        Assert.Equal(ExitCodes.Refused, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(VerifierErrorCodes.KeyBindingNonceMismatch, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Verify_exits_1_when_signed_by_a_key_outside_the_jwks()
    {
        var file = _fx.Write("p.txt", _fx.Presentation(disclose: "age_over_18"));
        var jwks = _fx.Write("jwks.json", _fx.IssuerJwksJson(JwkKeys.GenerateEs256()));
        var (exit, stdout, _) = await _fx.RunAsync(["verify", file, "--aud", CliFixture.Audience, "--nonce", CliFixture.Nonce, "--jwks", jwks]);
        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains(VerifierErrorCodes.IssuerSignatureInvalid, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_requires_exactly_one_trust_option_and_the_binding_options()
    {
        var file = _fx.Write("p.txt", _fx.Presentation(disclose: "age_over_18"));
        Assert.Equal(ExitCodes.UsageError, (await _fx.RunAsync(["verify", file, "--aud", "a", "--nonce", "n"])).Exit);
        Assert.Equal(ExitCodes.UsageError, (await _fx.RunAsync(["verify", file, "--nonce", "n", "--jwks", file])).Exit);
    }

    [Fact]
    public void Issuer_metadata_url_maps_back_to_the_issuer_identifier()
    {
        Assert.Equal("https://example.com/tenant/1", Commands.VerifyCommand.IssuerFromMetadataUrl("https://example.com/.well-known/jwt-vc-issuer/tenant/1"));
        Assert.Equal("https://example.com", Commands.VerifyCommand.IssuerFromMetadataUrl("https://example.com"));
    }

    [Theory]
    [InlineData(0, "VALID")]
    [InlineData(1, "INVALID")]
    [InlineData(2, "SUSPENDED")]
    public async Task Status_prints_the_validated_value_at_the_index(byte value, string name)
    {
        var token = _fx.Write("status.jwt", _fx.StatusListToken(value, index: 7));
        var jwks = _fx.Write("jwks.json", _fx.IssuerJwksJson());

        var (exit, stdout, _) = await _fx.RunAsync(["status", token, "--index", "7", "--jwks", jwks]);

        Assert.Equal(ExitCodes.Success, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(value, json.RootElement.GetProperty("status").GetByte());
        Assert.Equal(name, json.RootElement.GetProperty("status_name").GetString());
        Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task Status_without_jwks_decodes_and_warns_that_nothing_was_verified()
    {
        var (exit, stdout, stderr) = await _fx.RunAsync(["status", "-", "--index", "3"], _fx.StatusListToken(1, index: 3));
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("NOT verified", stderr, StringComparison.Ordinal);
        Assert.Contains("\"status\": 1", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_exits_1_for_a_token_signed_by_another_key_or_an_index_out_of_range()
    {
        var token = _fx.Write("status.jwt", _fx.StatusListToken(0, index: 0));
        var otherJwks = _fx.Write("other.json", _fx.IssuerJwksJson(JwkKeys.GenerateEs256()));
        var jwks = _fx.Write("jwks.json", _fx.IssuerJwksJson());
        Assert.Equal(ExitCodes.Refused, (await _fx.RunAsync(["status", token, "--index", "0", "--jwks", otherJwks])).Exit);
        Assert.Equal(ExitCodes.Refused, (await _fx.RunAsync(["status", token, "--index", "100000", "--jwks", jwks])).Exit);
    }

    [Fact]
    public async Task Status_refuses_a_plain_http_url()
    {
        var (exit, stdout, _) = await _fx.RunAsync(["status", "http://status.example/1", "--index", "0"]);
        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains(VerifierErrorCodes.FetchInsecureUrl, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_exits_2()
    {
        Assert.Equal(ExitCodes.UsageError, (await _fx.RunAsync(["frobnicate"])).Exit);
    }

    [Fact]
    public async Task Runs_as_a_real_process()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Identity.Cli.dll"), "keys", "generate", "--alg", "ES256"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, process.ExitCode);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("EC", json.RootElement.GetProperty("public_jwk").GetProperty("kty").GetString());
    }
}
