using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Identity.Tokens.Jose;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Identity.Benchmarks;

/// <summary>
/// Signature verification, raw (the crypto bound) and through JsonWebTokenHandler (what every component pays),
/// over a JWT of typical credential size, for ES256 (P-256, .NET/OpenSSL) and Ed25519 (NSec/libsodium).
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private readonly JsonWebTokenHandler _handler = new();
    private ECDsaSecurityKey _es256 = null!;
    private Ed25519SecurityKey _ed25519 = null!;
    private PublicKey _ed25519Public = null!;
    private byte[] _signingInput = null!;
    private byte[] _es256Signature = null!;
    private byte[] _ed25519Signature = null!;
    private string _es256Token = null!;
    private string _ed25519Token = null!;
    private TokenValidationParameters _es256Parameters = null!;
    private TokenValidationParameters _ed25519Parameters = null!;

    [GlobalSetup]
    public void Setup()
    {
        _es256 = JwkKeys.GenerateEs256();
        _ed25519 = JwkKeys.GenerateEd25519();
        _ed25519Public = PublicKey.Import(SignatureAlgorithm.Ed25519, _ed25519.PublicKey, KeyBlobFormat.RawPublicKey);
        _es256Token = Sign(_es256, JoseAlgorithms.ES256);
        _ed25519Token = Sign(_ed25519, JoseAlgorithms.Ed25519);

        var parts = _es256Token.Split('.');
        _signingInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        _es256Signature = _es256.ECDsa.SignData(_signingInput, HashAlgorithmName.SHA256);
        _ed25519Signature = _ed25519.CryptoProviderFactory.CreateForSigning(_ed25519, JoseAlgorithms.Ed25519).Sign(_signingInput);
        _es256Parameters = Parameters(_es256);
        _ed25519Parameters = Parameters(_ed25519);
    }

    [Benchmark]
    public bool Es256_raw_verify() => _es256.ECDsa.VerifyData(_signingInput, _es256Signature, HashAlgorithmName.SHA256);

    [Benchmark]
    public bool Ed25519_raw_verify() => SignatureAlgorithm.Ed25519.Verify(_ed25519Public, _signingInput, _ed25519Signature);

    [Benchmark]
    public async Task<bool> Es256_JsonWebTokenHandler_validate()
        => (await _handler.ValidateTokenAsync(_es256Token, _es256Parameters).ConfigureAwait(false)).IsValid;

    [Benchmark]
    public async Task<bool> Ed25519_JsonWebTokenHandler_validate()
        => (await _handler.ValidateTokenAsync(_ed25519Token, _ed25519Parameters).ConfigureAwait(false)).IsValid;

    [Benchmark]
    public string Es256_JsonWebTokenHandler_sign() => Sign(_es256, JoseAlgorithms.ES256);

    [Benchmark]
    public string Ed25519_JsonWebTokenHandler_sign() => Sign(_ed25519, JoseAlgorithms.Ed25519);

    private string Sign(SecurityKey key, string algorithm) => _handler.CreateToken(new SecurityTokenDescriptor
    {
        Claims = new Dictionary<string, object>
        {
            ["iss"] = "https://issuer.example.ca",
            ["vct"] = "https://issuer.example.ca/credentials/identity",
            ["_sd"] = Enumerable.Range(0, 12).Select(i => $"digest-{i:D2}-0123456789abcdefghijklmnopqrstuv").ToArray(),
            ["status"] = new Dictionary<string, object> { ["status_list"] = new Dictionary<string, object> { ["idx"] = 123_456, ["uri"] = "https://issuer.example.ca/statuslists/1" } },
        },
        SigningCredentials = new SigningCredentials(key, algorithm),
    });

    private static TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        IssuerSigningKey = key,
        ValidAlgorithms = JoseAlgorithms.Supported,
        ValidateIssuer = false,
        ValidateAudience = false,
        ValidateLifetime = false,
    };
}
