using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Results;

namespace Identity.Tokens.SdJwt;

/// <summary>
/// Verifies an SD-JWT or SD-JWT+KB presentation (RFC 9901 §7.1 and §7.3) and returns the Processed SD-JWT Payload
/// with the paths of the disclosed claims, or an error with a stable code (<c>docs/errors/sdjwt.md</c>). Never throws on bad input.
/// </summary>
/// <example>
/// <code>
/// var verifier = new SdJwtVerifier(TimeProvider.System);
/// var result = await verifier.VerifyAsync(presentation, new SdJwtVerificationOptions
/// {
///     IssuerSigningKeys = [issuerKey], ExpectedAudience = "https://rp.example", ExpectedNonce = nonce,
/// });
/// if (!result.IsSuccess) { log(result.Error.Code); }
/// </code>
/// </example>
public sealed class SdJwtVerifier(TimeProvider timeProvider)
{
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Runs every check of RFC 9901 §7.1 and §7.3. Throws only on misconfigured <paramref name="options"/>.</summary>
    public Task<TokenResult<SdJwtVerifiedPresentation>> VerifyAsync(string presentation, SdJwtVerificationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var profile = new SdJwtProfile(options.AcceptedTypes, SdJwtErrorCodes.TypInvalid, ValidateLifetime);
        return new SdJwtPresentationValidator(options, profile, _time).RunAsync(presentation, cancellationToken);
    }

    /// <summary>§7.1 step 6: <c>exp</c> and <c>nbf</c> of the processed payload, when present.</summary>
    private static TokenError? ValidateLifetime(JsonObject payload, IReadOnlyList<DisclosureProcessor.ProcessedDisclosure> disclosures, DateTimeOffset now, TimeSpan skew)
        => JwtTime.Validate(payload, now, skew, SdJwtErrorCodes.Expired, SdJwtErrorCodes.NotYetValid);
}

/// <summary>NumericDate checks (RFC 7519 §4.1.4, §4.1.5) with clock skew, shared by SD-JWT and SD-JWT VC.</summary>
internal static class JwtTime
{
    public static TokenError? Validate(JsonObject payload, DateTimeOffset now, TimeSpan skew, string expiredCode, string notYetValidCode)
    {
        if (!TryRead(payload, "exp", out var exp) || !TryRead(payload, "nbf", out var nbf))
        {
            return new TokenError(SdJwtErrorCodes.Malformed, "exp or nbf is not a NumericDate.");
        }

        if (exp is not null && now - skew >= exp)
        {
            return new TokenError(expiredCode, "The credential has expired.");
        }

        if (nbf is not null && now + skew < nbf)
        {
            return new TokenError(notYetValidCode, "The credential is not yet valid.");
        }

        return null;
    }

    /// <summary>Reads an optional NumericDate; false when present but not a number in range.</summary>
    public static bool TryRead(JsonObject payload, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!payload.TryGetPropertyValue(name, out var node))
        {
            return true;
        }

        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<double>(out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > 253402300799)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        return true;
    }
}
