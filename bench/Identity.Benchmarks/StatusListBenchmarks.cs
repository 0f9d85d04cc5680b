using BenchmarkDotNet.Attributes;
using Identity.Tokens.Jose;
using Identity.Tokens.StatusList;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Benchmarks;

/// <summary>A 1,000,000-entry, 1-bit status list: encode (zlib level 9 + base64url), decode, and re-sign after one revocation.</summary>
[MemoryDiagnoser]
public class StatusListBenchmarks
{
    private const string Uri = "https://issuer.example.ca/statuslists/1";
    private TokenStatusList _list = null!;
    private string _lst = null!;
    private string _token = null!;
    private SecurityKey _es256 = null!;
    private SecurityKey _ed25519 = null!;
    private int _next;

    [Params(0.01, 0.10)]
    public double RevocationRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _list = StatusListFixtures.OneBit(RevocationRate);
        _lst = _list.Encode();
        _es256 = JwkKeys.GenerateEs256();
        _ed25519 = JwkKeys.GenerateEd25519();
        _token = StatusListTokenWriter.Create(_list, Descriptor(), _es256, TimeProvider.System);
        Console.WriteLine(FormattableString.Invariant(
            $"// status list 1M x 1 bit, {RevocationRate:P0} revoked: compressed {_list.Compress().Length:N0} bytes (level 6: {_list.Compress(6).Length:N0}), lst {_lst.Length:N0} chars, token {_token.Length:N0} chars"));
    }

    [Benchmark]
    public string Encode() => _list.Encode();

    [Benchmark]
    public string Encode_level6() => _list.Encode(6);

    [Benchmark]
    public int Decode() => TokenStatusList.Decode(_lst, 1).Value!.Count;

    [Benchmark]
    public string Revoke_and_sign_ES256() => RevokeAndSign(_es256);

    [Benchmark]
    public string Revoke_and_sign_Ed25519() => RevokeAndSign(_ed25519);

    [Benchmark]
    public string Revoke_and_sign_ES256_level6() => RevokeAndSign(_es256, compressionLevel: 6);

    [Benchmark]
    public async Task<byte> Validate_token_and_read_status_ES256()
    {
        var result = await StatusListTokenValidator.GetStatusAsync(new StatusReference(123_456, Uri), _token, [_es256]).ConfigureAwait(false);
        return result.Value;
    }

    private string RevokeAndSign(SecurityKey key, int compressionLevel = 9)
    {
        // One operator action: flip one entry, then compress and sign the whole list again.
        _next = (_next + 7919) % StatusListFixtures.Entries;
        _list.Set(_next, StatusTypes.Invalid);
        return StatusListTokenWriter.Create(_list, Descriptor(compressionLevel), key, TimeProvider.System);
    }

    private static StatusListTokenDescriptor Descriptor(int compressionLevel = 9)
        => new() { Uri = Uri, Lifetime = TimeSpan.FromHours(24), TimeToLive = TimeSpan.FromMinutes(15), CompressionLevel = compressionLevel };
}
