using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwt;

/// <summary>
/// RFC 9901 §7.3 step 5: verification of the Key Binding JWT, one named step per check, in the order the RFC lists them.
/// </summary>
internal sealed class KeyBindingValidator
{
    // Importing a public key (point validation) costs about as much as a signature check; a wallet that presents the same
    // credential again reuses it. Public keys only, keyed by the exact cnf.jwk JSON, bounded by clearing when full.
    private const int HolderKeyCacheSize = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SecurityKey> HolderKeyCache = new(StringComparer.Ordinal);

    private readonly SdJwtCompact _compact;
    private readonly JsonObject _processedPayload;
    private readonly SdJwtVerificationOptions _options;
    private readonly DateTimeOffset _now;

    private SecurityKey _holderKey = null!;
    private CompactJws _kb = null!;
    private JsonElement _claims;
    private DateTimeOffset _issuedAt;

    private KeyBindingValidator(SdJwtCompact compact, JsonObject processedPayload, SdJwtVerificationOptions options, DateTimeOffset now)
    {
        _compact = compact;
        _processedPayload = processedPayload;
        _options = options;
        _now = now;
    }

    internal sealed record Result(SecurityKey HolderKey, DateTimeOffset IssuedAt);

    public static TokenResult<Result> Validate(SdJwtCompact compact, JsonObject processedPayload, SdJwtVerificationOptions options, TimeProvider time)
    {
        var validator = new KeyBindingValidator(compact, processedPayload, options, time.GetUtcNow());
        var error = validator.ResolveHolderKey()                                 // §7.3 step 5.1, §4.1.2
            ?? validator.ReadKbJwt()                                             // §4.3
            ?? validator.ValidateKbAlgorithm()                                   // §7.3 step 5.2
            ?? validator.VerifyKbSignature()                                     // §7.3 step 5.3
            ?? validator.ValidateKbType()                                        // §7.3 step 5.4
            ?? validator.ValidateKbIssuedAt()                                    // §7.3 step 5.5
            ?? validator.ValidateKbNonce()                                       // §7.3 step 5.6
            ?? validator.ValidateKbAudience()                                    // §7.3 step 5.6
            ?? validator.ValidateKbSdHash();                                     // §7.3 step 5.7, §4.3.1
        return error is null ? TokenResult<Result>.Success(new Result(validator._holderKey, validator._issuedAt)) : error;
    }

    /// <summary>The Holder key is the <c>cnf.jwk</c> of the SD-JWT, never a key from the KB-JWT header.</summary>
    private TokenError? ResolveHolderKey()
    {
        if (_processedPayload["cnf"] is not JsonObject cnf || cnf["jwk"] is not JsonObject jwk)
        {
            return Error(SdJwtErrorCodes.KbJwtCnfMissing, "The SD-JWT has no cnf.jwk Holder key to verify the Key Binding JWT with.");
        }

        var cacheKey = CacheKey(jwk);
        if (HolderKeyCache.TryGetValue(cacheKey, out var cached))
        {
            _holderKey = cached;
            return null;
        }

        try
        {
            if (JwkKeys.TryCreateSecurityKey(new JsonWebKey(jwk.ToJsonString()), out var key) && key is not null)
            {
                if (HolderKeyCache.Count >= HolderKeyCacheSize)
                {
                    HolderKeyCache.Clear();
                }

                HolderKeyCache.TryAdd(cacheKey, key);
                _holderKey = key;
                return null;
            }
        }
        catch (ArgumentException)
        {
            // Unparseable JWK member: refused below.
        }

        return Error(SdJwtErrorCodes.KbJwtCnfInvalid, "The cnf.jwk Holder key is malformed or of an unsupported type.");
    }

    /// <summary>
    /// The exact members of the JWK, in order: each name and string value length-prefixed (so no two JWKs share a key),
    /// without running a JSON writer on every presentation. A JWK with a non-string member falls back to its JSON text,
    /// which cannot collide with the prefixed form (it starts with '{').
    /// </summary>
    private static string CacheKey(JsonObject jwk)
    {
        var builder = new System.Text.StringBuilder(160);
        foreach (var (name, value) in jwk)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
            {
                return jwk.ToJsonString();
            }

            builder.Append(name.Length).Append(':').Append(name).Append(text.Length).Append(':').Append(text);
        }

        return builder.ToString();
    }

    private TokenError? ReadKbJwt()
    {
        var kb = CompactJws.TryParse(_compact.KeyBindingJwt!);
        if (kb is null || !TryReadPayload(kb, out _claims))
        {
            return Error(SdJwtErrorCodes.KbJwtMalformed, "The Key Binding JWT cannot be read.");
        }

        _kb = kb;
        return null;
    }

    /// <summary>An algorithm deemed secure; never <c>none</c>, never a MAC.</summary>
    private TokenError? ValidateKbAlgorithm()
        => SdJwtVerificationOptions.IsAllowed(_kb.Algorithm, _options.KeyBindingAlgorithms) ? null : Error(SdJwtErrorCodes.KbJwtAlgNotAllowed, "The Key Binding JWT algorithm is not allowed.");

    private TokenError? VerifyKbSignature()
        => _kb.VerifySignature([_holderKey])
            ? null
            : Error(SdJwtErrorCodes.KbJwtSignatureInvalid, "The Key Binding JWT signature does not verify with the cnf.jwk Holder key.");

    /// <summary>§4.3: <c>typ</c> is <c>kb+jwt</c>.</summary>
    private TokenError? ValidateKbType()
        => string.Equals(_kb.Type, SdJwtHolder.KeyBindingJwtType, StringComparison.Ordinal)
            ? null
            : Error(SdJwtErrorCodes.KbJwtTypInvalid, "The Key Binding JWT typ is not kb+jwt.");

    /// <summary><c>iat</c> within [now - max age - skew, now + skew].</summary>
    private TokenError? ValidateKbIssuedAt()
    {
        if (!_claims.TryGetProperty("iat", out var iat) || iat.ValueKind != JsonValueKind.Number || !iat.TryGetInt64(out var seconds)
            || seconds < 0 || seconds > 253402300799)
        {
            return Error(SdJwtErrorCodes.KbJwtIatInvalid, "The Key Binding JWT has no valid iat.");
        }

        _issuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return _issuedAt > _now + _options.ClockSkew || _issuedAt < _now - _options.KeyBindingMaxAge - _options.ClockSkew
            ? Error(SdJwtErrorCodes.KbJwtIatInvalid, "The Key Binding JWT iat is outside the accepted window.")
            : null;
    }

    /// <summary>Bound to this transaction.</summary>
    private TokenError? ValidateKbNonce()
        => IsExpectedString("nonce", _options.ExpectedNonce) ? null : Error(SdJwtErrorCodes.KbJwtNonceMismatch, "The Key Binding JWT nonce is not the expected one.");

    /// <summary>Created for this Verifier; §4.3: a single string.</summary>
    private TokenError? ValidateKbAudience()
        => IsExpectedString("aud", _options.ExpectedAudience) ? null : Error(SdJwtErrorCodes.KbJwtAudMismatch, "The Key Binding JWT aud is not this verifier.");

    /// <summary>§4.3.1: <c>sd_hash</c> over the Issuer-signed JWT and the presented Disclosures, up to the last '~'.</summary>
    private TokenError? ValidateKbSdHash()
    {
        var sdHash = _claims.TryGetProperty("sd_hash", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return SdJwtEncoding.FixedTimeEquals(sdHash, SdJwtEncoding.DigestOfAscii(_compact.SdJwtSpan))
            ? null
            : Error(SdJwtErrorCodes.KbJwtSdHashMismatch, "The Key Binding JWT sd_hash does not match the presented SD-JWT.");
    }

    private static bool TryReadPayload(CompactJws kb, out JsonElement claims)
    {
        claims = default;
        if (!SdJwtEncoding.TryDecode(kb.EncodedPayload, out var bytes))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            claims = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private bool IsExpectedString(string name, string? expected)
        => expected is not null && _claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && string.Equals(value.GetString(), expected, StringComparison.Ordinal);

    private static TokenError Error(string code, string description) => new(code, description);
}
