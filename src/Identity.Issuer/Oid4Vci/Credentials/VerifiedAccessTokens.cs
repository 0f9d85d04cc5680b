using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Identity.Issuer.Oid4Vci.Credentials;

/// <summary>
/// Access tokens whose signature, type and issuer this process has already verified, keyed by the exact token string, so that a
/// wallet sending several credential requests with one token pays the ES256 verification once. Only that step is remembered:
/// expiry, the DPoP sender constraint, the scope and revocation are checked again on every request. A token is held at most
/// until its own <c>exp</c>, and the cache is bounded (<see cref="Capacity"/> tokens, the oldest giving way).
/// </summary>
internal sealed class VerifiedAccessTokens(TimeProvider time) : IDisposable
{
    /// <summary>How many verified tokens are kept at most.</summary>
    public const int Capacity = 10_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, Clock = new Clock(time), CompactionPercentage = 0.25 });

    public bool TryGet(string token, out VerifiedAccessToken verified)
    {
        verified = _cache.Get<VerifiedAccessToken>(token)!;
        return verified is not null;
    }

    public void Add(string token, VerifiedAccessToken entry)
    {
        var expires = new DateTimeOffset(entry.Jwt.ValidTo, TimeSpan.Zero);
        if (expires <= time.GetUtcNow())
        {
            return;
        }

        _cache.Set(token, entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });
    }

    public void Dispose() => _cache.Dispose();

    private sealed class Clock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}

/// <summary>A token whose signature verified, and the claims read from it (never changed by the callers).</summary>
internal sealed record VerifiedAccessToken(JsonWebToken Jwt, ClaimsIdentity Identity);
