using System.Text.Json;
using Identity.Tokens.Results;

namespace Identity.Tokens.StatusList;

/// <summary>The claim checks of draft-ietf-oauth-status-list-20 §5.1 and §8.3 step 4, one method per claim.</summary>
internal readonly struct StatusListClaimSteps(JsonElement claims, StatusListTokenValidationOptions options)
{
    // RFC 7519 §2 NumericDate bounds that DateTimeOffset can hold.
    private const long MaxUnixSeconds = 253_402_300_799;

    // §5.1: sub is REQUIRED and MUST equal the uri of the referenced token's status_list (§8.3 step 4a).
    public TokenError? ValidateSubject(string expectedUri)
    {
        if (!claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String)
        {
            return Malformed("The sub claim is missing or not a string.");
        }

        return string.Equals(sub.GetString(), expectedUri, StringComparison.Ordinal)
            ? null
            : new TokenError(StatusListErrorCodes.SubjectMismatch, "The status list token's sub is not the referenced uri.");
    }

    // §5.1: iat REQUIRED; exp RECOMMENDED and checked when present (§8.3 step 4c); nbf honoured per RFC 7519 §4.1.5.
    public TokenError? ValidateTimes(out DateTimeOffset issuedAt, out DateTimeOffset? expiresAt)
    {
        issuedAt = default;
        expiresAt = null;
        var now = options.TimeProvider.GetUtcNow();
        if (!TryReadNumericDate("iat", required: true, out var iat, out var iatError))
        {
            return iatError;
        }

        if (!TryReadNumericDate("exp", required: false, out var exp, out var expError))
        {
            return expError;
        }

        if (!TryReadNumericDate("nbf", required: false, out var nbf, out var nbfError))
        {
            return nbfError;
        }

        issuedAt = iat!.Value;
        expiresAt = exp;
        if (issuedAt > now + options.ClockSkew || (nbf is { } notBefore && notBefore > now + options.ClockSkew))
        {
            return new TokenError(StatusListErrorCodes.NotYetValid, "The status list token is not valid yet.");
        }

        // RFC 7519 §4.1.4: reject on or after exp.
        if (exp is { } expiry && now >= expiry + options.ClockSkew)
        {
            return new TokenError(StatusListErrorCodes.Expired, "The status list token has expired.");
        }

        if (options.MaxAge is { } maxAge && now - issuedAt > maxAge + options.ClockSkew)
        {
            return new TokenError(StatusListErrorCodes.Stale, "The status list token is older than the freshness policy allows.");
        }

        return null;
    }

    // §5.1: ttl, if present, MUST be a positive number of seconds.
    public TokenError? ValidateTimeToLive(out TimeSpan? ttl)
    {
        ttl = null;
        if (!claims.TryGetProperty("ttl", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || !double.IsFinite(seconds)
            || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return Malformed("The ttl claim must be a positive number.");
        }

        ttl = TimeSpan.FromSeconds(seconds);
        return null;
    }

    // §5.1 / §4.2: status_list is REQUIRED, with bits in {1,2,4,8} and lst a base64url zlib byte array.
    public TokenResult<TokenStatusList> DecodeStatusList()
    {
        if (!claims.TryGetProperty("status_list", out var statusList) || statusList.ValueKind != JsonValueKind.Object)
        {
            return TokenResult<TokenStatusList>.Failure(StatusListErrorCodes.Malformed, "The status_list claim is missing or not an object.");
        }

        if (!statusList.TryGetProperty("bits", out var bits) || bits.ValueKind != JsonValueKind.Number
            || !bits.TryGetInt32(out var bitCount) || !TokenStatusList.IsValidBits(bitCount))
        {
            return TokenResult<TokenStatusList>.Failure(StatusListErrorCodes.BitsInvalid, "status_list.bits must be 1, 2, 4 or 8.");
        }

        if (!statusList.TryGetProperty("lst", out var lst) || lst.ValueKind != JsonValueKind.String)
        {
            return TokenResult<TokenStatusList>.Failure(StatusListErrorCodes.Malformed, "status_list.lst is missing or not a string.");
        }

        return TokenStatusList.Decode(lst.GetString(), bitCount, options.Limits);
    }

    private bool TryReadNumericDate(string name, bool required, out DateTimeOffset? value, out TokenError? error)
    {
        value = null;
        error = null;
        if (!claims.TryGetProperty(name, out var element))
        {
            if (required)
            {
                error = Malformed($"The {name} claim is missing.");
                return false;
            }

            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var seconds)
            || !double.IsFinite(seconds) || seconds < 0 || seconds > MaxUnixSeconds)
        {
            error = Malformed($"The {name} claim is not a NumericDate.");
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        return true;
    }

    private static TokenError Malformed(string description) => new(StatusListErrorCodes.Malformed, description);
}
