using BenchmarkDotNet.Attributes;
using Identity.Tokens.Jose;
using Identity.Tokens.StatusList;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Benchmarks;

/// <summary>
/// The issuer's re-sign path after one revocation (src/Identity.Issuer/StatusLists): a 1,000,000-entry, 2-bit list read from its
/// persisted bytes, one entry set, the bytes copied back for the database, then compressed at level 6 and signed ES256.
/// </summary>
[MemoryDiagnoser]
public class IssuerStatusListBenchmarks
{
    private const int Entries = 1_000_000;
    private byte[] _persisted = null!;
    private SecurityKey _es256 = null!;
    private int _next;

    /// <summary>Share of entries already revoked (half as many again suspended).</summary>
    [Params(0.01, 0.10)]
    public double RevokedRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var list = new TokenStatusList(Entries, 2);
        var random = new Random(20261123);
        for (var i = 0; i < Entries; i++)
        {
            var draw = random.NextDouble();
            if (draw < RevokedRate)
            {
                list.Set(i, StatusTypes.Invalid);
            }
            else if (draw < RevokedRate * 1.5)
            {
                list.Set(i, StatusTypes.Suspended);
            }
        }

        _persisted = list.Bytes.ToArray();
        _es256 = JwkKeys.GenerateEs256();
        Console.WriteLine(FormattableString.Invariant($"// 1M x 2 bits, {RevokedRate:P0} revoked: lst level 6 {list.Encode(6).Length:N0} chars, level 9 {list.Encode(9).Length:N0} chars"));
    }

    [Benchmark]
    public string Revoke_and_resign_level6() => RevokeAndResign(6);

    [Benchmark]
    public string Revoke_and_resign_level9() => RevokeAndResign(9);

    private string RevokeAndResign(int level)
    {
        _next = (_next + 7919) % Entries;
        var list = TokenStatusList.FromBytes(_persisted, 2);
        list.Set(_next, StatusTypes.Invalid);
        _persisted = list.Bytes.ToArray();
        return StatusListTokenWriter.Create(list, new StatusListTokenDescriptor
        {
            Uri = "https://issuer.example.ca/status-lists/a1",
            Issuer = "https://issuer.example.ca",
            Lifetime = TimeSpan.FromDays(1),
            TimeToLive = TimeSpan.FromMinutes(5),
            CompressionLevel = level,
        }, _es256, TimeProvider.System);
    }
}
