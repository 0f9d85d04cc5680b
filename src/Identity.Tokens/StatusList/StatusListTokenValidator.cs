using System.Text.Json;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.StatusList;

/// <summary>
/// Validates a status list token in JWT format (draft-ietf-oauth-status-list-20 §5.1, §8.3) as one ordered list of steps:
/// size, parse, <c>typ</c>, <c>alg</c>, signature, <c>sub</c>, <c>iat</c>/<c>nbf</c>/<c>exp</c>, <c>ttl</c>, <c>status_list</c>.
/// Never throws on bad input; returns a <see cref="TokenResult{T}"/> with a <see cref="StatusListErrorCodes"/> code.
/// </summary>
public static class StatusListTokenValidator
{
    /// <summary>Validates <paramref name="token"/> as the status list token at <paramref name="expectedUri"/>, signed by one of <paramref name="issuerKeys"/>.</summary>
    /// <exception cref="ArgumentException">No issuer keys were given (misconfiguration).</exception>
    public static async Task<TokenResult<StatusListToken>> ValidateAsync(
        string token, string expectedUri, IEnumerable<SecurityKey> issuerKeys, StatusListTokenValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(issuerKeys);
        var keys = issuerKeys.ToArray();
        if (keys.Length == 0)
        {
            throw new ArgumentException("At least one status issuer key is needed.", nameof(issuerKeys));
        }

        options ??= StatusListTokenValidationOptions.Default;

        var parsed = Parse(token, options);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var jwt = parsed.Value;
        if (ValidateType(jwt) is { } typError)
        {
            return typError;
        }

        if (ValidateAlgorithm(jwt, options) is { } algError)
        {
            return algError;
        }

        if (await ValidateSignatureAsync(token, keys, options).ConfigureAwait(false) is { } signatureError)
        {
            return signatureError;
        }

        using var payload = ParsePayload(jwt, out var payloadError);
        if (payload is null)
        {
            return payloadError!;
        }

        return ValidateClaims(payload.RootElement, jwt, expectedUri, options);
    }

    /// <summary>
    /// Checks the status of a referenced token: validates the status list token for <paramref name="reference"/>'s URI and
    /// reads the entry at its index (§8.3 steps 3 to 6). Success carries the status value (see <see cref="StatusTypes"/>).
    /// </summary>
    public static async Task<TokenResult<byte>> GetStatusAsync(
        StatusReference reference, string token, IEnumerable<SecurityKey> issuerKeys, StatusListTokenValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var validated = await ValidateAsync(token, reference.Uri, issuerKeys, options).ConfigureAwait(false);
        return validated.IsSuccess ? validated.Value.GetStatus(reference.Index) : TokenResult<byte>.Failure(validated.Error);
    }

    // Size limits on every input, checked before any parsing (a status list token can be megabytes).
    private static TokenResult<JsonWebToken> Parse(string token, StatusListTokenValidationOptions options)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Fail<JsonWebToken>(StatusListErrorCodes.Malformed, "The status list token is empty.");
        }

        if (token.Length > options.MaxTokenLength)
        {
            return Fail<JsonWebToken>(StatusListErrorCodes.TooLarge, "The status list token is larger than allowed.");
        }

        try
        {
            var jwt = new JsonWebToken(token);
            return jwt.IsEncrypted
                ? Fail<JsonWebToken>(StatusListErrorCodes.Malformed, "The status list token must be a JWS, not a JWE.")
                : TokenResult<JsonWebToken>.Success(jwt);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException or JsonException)
        {
            return Fail<JsonWebToken>(StatusListErrorCodes.Malformed, "The status list token is not a compact JWT.", e.GetType().Name);
        }
    }

    // §5.1: typ MUST be statuslist+jwt; RFC 7515 §4.1.9 lets the "application/" prefix be present and the match ignore case.
    private static TokenError? ValidateType(JsonWebToken jwt)
    {
        var typ = jwt.Typ;
        var matches = string.Equals(typ, StatusListToken.JwtType, StringComparison.OrdinalIgnoreCase)
                      || string.Equals(typ, StatusListToken.MediaType, StringComparison.OrdinalIgnoreCase);
        return matches ? null : new TokenError(StatusListErrorCodes.TypInvalid, "The JWT typ header must be statuslist+jwt.");
    }

    // §5.1 rule 2 and RFC 8725 §3.1: only the algorithms this project accepts; never "none".
    private static TokenError? ValidateAlgorithm(JsonWebToken jwt, StatusListTokenValidationOptions options)
        => JoseAlgorithms.IsSupported(jwt.Alg) && (options.AllowedAlgorithms is null || options.AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
            ? null
            : new TokenError(StatusListErrorCodes.AlgorithmUnsupported, "The JWS algorithm is not accepted.", Detail: $"alg {jwt.Alg}");

    // §5.1 rule 2: relying parties MUST reject an invalid signature. Claims are checked below, with the TimeProvider.
    private static async Task<TokenError?> ValidateSignatureAsync(string token, SecurityKey[] keys, StatusListTokenValidationOptions options)
    {
        var handler = new JsonWebTokenHandler { MaximumTokenSizeInBytes = options.MaxTokenLength };
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = JoseAlgorithms.Supported,
            ValidTypes = [StatusListToken.JwtType, StatusListToken.MediaType],
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = true,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        }).ConfigureAwait(false);
        return result.IsValid
            ? null
            : new TokenError(StatusListErrorCodes.SignatureInvalid, "The status list token signature is not valid for the issuer's keys.", Detail: result.Exception?.GetType().Name);
    }

    private static JsonDocument? ParsePayload(JsonWebToken jwt, out TokenError? error)
    {
        error = null;
        try
        {
            var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            error = new TokenError(StatusListErrorCodes.Malformed, "The status list token payload is not a JSON object.", Detail: e.GetType().Name);
            return null;
        }

        error = new TokenError(StatusListErrorCodes.Malformed, "The status list token payload is not a JSON object.");
        return null;
    }

    private static TokenResult<StatusListToken> ValidateClaims(JsonElement claims, JsonWebToken jwt, string expectedUri, StatusListTokenValidationOptions options)
    {
        var steps = new StatusListClaimSteps(claims, options);
        if (steps.ValidateSubject(expectedUri) is { } subError)
        {
            return subError;
        }

        if (steps.ValidateTimes(out var issuedAt, out var expiresAt) is { } timeError)
        {
            return timeError;
        }

        if (steps.ValidateTimeToLive(out var ttl) is { } ttlError)
        {
            return ttlError;
        }

        var list = steps.DecodeStatusList();
        if (!list.IsSuccess)
        {
            return list.Error;
        }

        var issuer = claims.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString() : null;
        return TokenResult<StatusListToken>.Success(new StatusListToken(expectedUri, issuedAt, expiresAt, ttl, issuer, jwt.Kid, list.Value));
    }

    private static TokenResult<T> Fail<T>(string code, string description, string? detail = null)
        => TokenResult<T>.Failure(code, description, detail: detail);
}
