using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Identity.Tokens.SdJwt;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.Dpop;

/// <summary>
/// Verifies a DPoP proof JWT (RFC 9449 §4.3) against the request it came with, one named step per check, in the RFC's order.
/// The caller checks that the request carried exactly one DPoP header (check 1), uses the <c>jti</c> once (§11.1) and compares
/// <see cref="DpopProof.Thumbprint"/> with the key the token or grant is bound to (check 12). Server nonces (check 10) are not
/// used: the short <c>iat</c> window and the shared <c>jti</c> cache bound how long a proof can be used.
/// </summary>
/// <example>
/// <code>
/// var result = DpopProofValidator.Validate(request.Headers["DPoP"], new DpopRequest("POST", tokenEndpoint), DpopProofValidationOptions.Default, timeProvider);
/// if (!result.IsSuccess) { /* 400 invalid_dpop_proof, result.Error.Code */ }
/// </code>
/// </example>
public sealed class DpopProofValidator
{
    /// <summary>The <c>typ</c> of a DPoP proof (§4.2).</summary>
    public const string ProofType = "dpop+jwt";

    private const int MaxJwtIdLength = 256;

    private readonly string _proof;
    private readonly DpopRequest _request;
    private readonly DpopProofValidationOptions _options;
    private readonly DateTimeOffset _now;

    private CompactJws _jws = null!;
    private JsonElement _claims;
    private SecurityKey _key = null!;
    private string _thumbprint = null!;
    private string _jwtId = null!;
    private DateTimeOffset _issuedAt;

    private DpopProofValidator(string proof, DpopRequest request, DpopProofValidationOptions options, DateTimeOffset now)
    {
        _proof = proof;
        _request = request;
        _options = options;
        _now = now;
    }

    /// <summary>Runs every check of §4.3 but the header count, the nonce and the key binding; never throws on bad input.</summary>
    public static TokenResult<DpopProof> Validate(string? proof, DpopRequest request, DpopProofValidationOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (string.IsNullOrEmpty(proof))
        {
            return Error(DpopErrorCodes.ProofMissing, "A DPoP proof is required.");
        }

        var validator = new DpopProofValidator(proof, request, options, time.GetUtcNow());
        var error = validator.Read()                        // check 2: a well-formed JWT
            ?? validator.ValidateType()                     // check 4: typ dpop+jwt
            ?? validator.ValidateAlgorithm()                // check 5: asymmetric, allowed, not none
            ?? validator.ResolveKey()                       // check 7: jwk header, public key only
            ?? validator.VerifySignature()                  // check 6: signed by that jwk
            ?? validator.ReadClaims()                       // check 3: jti, htm, htu, iat
            ?? validator.ValidateMethod()                   // check 8: htm
            ?? validator.ValidateUri()                      // check 9: htu
            ?? validator.ValidateIssuedAt()                 // check 11: iat window
            ?? validator.ValidateAccessTokenHash();         // check 12: ath at a resource
        return error ?? TokenResult<DpopProof>.Success(new DpopProof(validator._thumbprint, validator._jwtId, validator._issuedAt));
    }

    /// <summary>The <c>ath</c> of an access token (§4.2): base64url of the SHA-256 of its ASCII text.</summary>
    public static string AccessTokenHash(string accessToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
    }

    /// <summary>True when <paramref name="value"/> has the shape of a JWK SHA-256 thumbprint (43 base64url characters), as <c>dpop_jkt</c> must (§10).</summary>
    public static bool IsThumbprint(string? value) => value is { Length: 43 } && SdJwtEncoding.IsBase64Url(value);

    private TokenError? Read()
    {
        if (_proof.Length > _options.MaxProofLength || !SdJwtEncoding.IsPresentationText(_proof) || _proof.Contains('~', StringComparison.Ordinal))
        {
            return Error(DpopErrorCodes.ProofMalformed, "The DPoP proof is not a compact JWS.");
        }

        // An empty signature segment is an unsecured JWS (alg none, RFC 7515 Appendix A.5): refused as an algorithm, not as syntax.
        if (_proof.EndsWith('.') && _proof.Count(c => c == '.') == 2)
        {
            return Error(DpopErrorCodes.AlgNotAllowed, "Unsigned DPoP proofs (alg none) are refused.");
        }

        var jws = CompactJws.TryParse(_proof);
        if (jws is null || !SdJwtEncoding.TryDecode(jws.EncodedPayload, out var payload))
        {
            return Error(DpopErrorCodes.ProofMalformed, "The DPoP proof cannot be read.");
        }

        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Error(DpopErrorCodes.ProofMalformed, "The DPoP proof payload is not a JSON object.");
            }

            _claims = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Error(DpopErrorCodes.ProofMalformed, "The DPoP proof payload is not JSON.");
        }

        _jws = jws;
        return null;
    }

    private TokenError? ValidateType()
        => string.Equals(_jws.Type, ProofType, StringComparison.Ordinal) ? null : Error(DpopErrorCodes.TypInvalid, "The DPoP proof typ must be dpop+jwt.");

    private TokenError? ValidateAlgorithm()
        => JoseAlgorithms.IsSupported(_jws.Algorithm) && _options.AllowedAlgorithms.Contains(_jws.Algorithm, StringComparer.Ordinal)
            ? null
            : Error(DpopErrorCodes.AlgNotAllowed, "The DPoP proof alg is not one of " + string.Join(", ", _options.AllowedAlgorithms) + ".");

    private TokenError? ResolveKey()
    {
        if (!_jws.Header.TryGetProperty("jwk", out var jwk) || jwk.ValueKind != JsonValueKind.Object)
        {
            return Error(DpopErrorCodes.KeyInvalid, "The DPoP proof has no jwk header.");
        }

        // §4.3 check 7: any private member (d for EC and OKP; RSA's own are refused with the key type).
        if (jwk.TryGetProperty("d", out _))
        {
            return Error(DpopErrorCodes.KeyPrivate, "The DPoP proof jwk holds a private key.");
        }

        try
        {
            var json = jwk.GetRawText();
            var webKey = new JsonWebKey(json);
            if (!JwkKeys.TryCreateSecurityKey(webKey, out var key) || key is null || !JwkKeys.TryComputeThumbprint(webKey, out var thumbprint))
            {
                return Error(DpopErrorCodes.KeyInvalid, "The DPoP proof jwk is not a supported public key (EC P-256 or OKP Ed25519).");
            }

            _key = key;
            _thumbprint = thumbprint!;
            return null;
        }
        catch (ArgumentException)
        {
            return Error(DpopErrorCodes.KeyInvalid, "The DPoP proof jwk is malformed.");
        }
    }

    private TokenError? VerifySignature()
        => _jws.VerifySignature([_key]) ? null : Error(DpopErrorCodes.SignatureInvalid, "The DPoP proof signature does not verify with its jwk.");

    private TokenError? ReadClaims()
    {
        if (!TryGetString("jti", out var jti) || jti.Length > MaxJwtIdLength || !TryGetString("htm", out _) || !TryGetString("htu", out _)
            || !_claims.TryGetProperty("iat", out var iat) || iat.ValueKind != JsonValueKind.Number || !iat.TryGetInt64(out var seconds)
            || seconds is < 0 or > 253402300799)
        {
            return Error(DpopErrorCodes.ClaimMissing, "The DPoP proof must carry jti, htm, htu and iat.");
        }

        _jwtId = jti;
        _issuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return null;
    }

    /// <summary>HTTP methods are case-sensitive (RFC 9110 §9.1).</summary>
    private TokenError? ValidateMethod()
        => TryGetString("htm", out var htm) && string.Equals(htm, _request.Method, StringComparison.Ordinal)
            ? null
            : Error(DpopErrorCodes.HtmMismatch, "The DPoP proof htm is not the request's method.");

    /// <summary>Query and fragment ignored; scheme and host case, default ports and percent-encoding normalized (RFC 3986 §6.2.2, §6.2.3).</summary>
    private TokenError? ValidateUri()
        => TryGetString("htu", out var htu) && Uri.TryCreate(htu, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            && string.Equals(Normalize(uri), Normalize(_request.Uri), StringComparison.Ordinal)
            ? null
            : Error(DpopErrorCodes.HtuMismatch, "The DPoP proof htu is not the URI of this request.");

    private TokenError? ValidateIssuedAt()
        => _issuedAt > _now + _options.ClockSkew || _issuedAt < _now - _options.MaxAge - _options.ClockSkew
            ? Error(DpopErrorCodes.IatInvalid, "The DPoP proof iat is outside the accepted window; create a new proof for each request.")
            : null;

    private TokenError? ValidateAccessTokenHash()
    {
        if (_request.AccessToken is null)
        {
            return null;
        }

        return TryGetString("ath", out var ath) && SdJwtEncoding.FixedTimeEquals(ath, AccessTokenHash(_request.AccessToken))
            ? null
            : Error(DpopErrorCodes.AthMismatch, "The DPoP proof ath is not the hash of the presented access token.");
    }

    private bool TryGetString(string name, out string value)
    {
        value = string.Empty;
        if (_claims.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } text)
        {
            value = text;
            return true;
        }

        return false;
    }

    private static string Normalize(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static TokenError Error(string code, string description) => new(code, description, DpopErrorCodes.InvalidDpopProof);
}
