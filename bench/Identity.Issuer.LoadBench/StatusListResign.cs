using System.Diagnostics;
using Identity.Issuer.Configuration;
using Identity.Issuer.Oid4Vci.Keys;
using Identity.Issuer.StatusLists;
using Identity.Tokens.StatusList;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.LoadBench;

/// <summary>
/// Re-signing a 1,000,000-entry list after one revocation, through the issuer's own code: the revoke step's bit update on the
/// persisted bytes (as <c>CredentialStatusService</c> does it) and <c>StatusListTokenService.Sign</c> with the issuer's settings
/// (2 bits per entry, zlib level 6, ES256). The database write of the 250 KB list is not included.
/// </summary>
internal static class StatusListResign
{
    private const int Entries = 1_000_000;

    public static (double MedianMs, double MaxMs, int PayloadChars) Measure(SigningCredentials key, int rounds, double revokedShare)
    {
        var bits = new TokenStatusList(Entries, StatusListAllocator.BitsPerEntry);
        var random = new Random(20261123);
        for (var i = 0; i < Entries; i++)
        {
            if (random.NextDouble() < revokedShare)
            {
                bits.Set(i, StatusTypes.Invalid);
            }
        }

        var record = new StatusListRecord { Id = "bench", Size = Entries, Bits = StatusListAllocator.BitsPerEntry, Bytes = bits.Bytes.ToArray(), CreatedAt = DateTimeOffset.UtcNow };
        using var services = new ServiceCollection().BuildServiceProvider();
        var issuer = Options.Create(new IssuerOptions { IssuerUri = "https://issuer.example.ca" });
        var tokens = new StatusListTokenService(services.GetRequiredService<IServiceScopeFactory>(), new Key(key), Options.Create(new StatusListOptions()), issuer, TimeProvider.System);
        var times = new List<double>();
        var token = string.Empty;
        for (var round = 0; round < rounds + 2; round++)
        {
            var watch = Stopwatch.StartNew();
            var list = TokenStatusList.FromBytes(record.Bytes, record.Bits);
            list.Set((round * 7919) % Entries, StatusTypes.Invalid);
            record.Bytes = list.Bytes.ToArray();
            record.Version++;
            token = tokens.Sign(record);
            if (round >= 2)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        var payload = token.Split('.')[1];
        return (times[times.Count / 2], times[^1], payload.Length);
    }

    private sealed class Key(SigningCredentials credentials) : IStatusListSigningKey
    {
        public SigningCredentials Credentials => credentials;
    }
}
