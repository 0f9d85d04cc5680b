using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Oid4Vci.Proofs;

/// <summary>A verified key proof: the holder's public key (for <c>cnf.jwk</c>) and the nonce it carries.</summary>
internal sealed record VerifiedProof(JsonObject HolderJwk, string HolderKeyThumbprint, string Nonce);

/// <summary>
/// Verifies one <c>jwt</c> key proof (OpenID4VCI Appendix F.1), one named step per requirement. The nonce is only read here; the
/// caller consumes it once for the whole request.
/// </summary>
internal sealed class JwtProofValidator
{
    public const string ProofType = "openid4vci-proof+jwt";
    private const int MaxProofLength = 8 * 1024;
    private static readonly JsonWebTokenHandler Handler = new();
    private static readonly string[] AllowedAlgorithms = [JoseAlgorithms.ES256, JoseAlgorithms.EdDSA];

    private readonly string _proof;
    private readonly string _audience;
    private readonly string? _clientId;
    private readonly DateTimeOffset _now;
    private readonly TimeSpan _maxAge;
    private JsonWebToken _jwt = null!;
    private JsonElement _header;
    private JsonElement _payload;
    private JsonObject _jwk = null!;
    private SecurityKey _key = null!;

    private JwtProofValidator(string proof, string audience, string? clientId, DateTimeOffset now, TimeSpan maxAge)
    {
        _proof = proof;
        _audience = audience;
        _clientId = clientId;
        _now = now;
        _maxAge = maxAge;
    }

    /// <param name="proof">The compact JWT.</param>
    /// <param name="credentialIssuer">The Credential Issuer Identifier the proof's <c>aud</c> must name.</param>
    /// <param name="clientId">The access token's client_id; null when the token came from the pre-authorized code grant without client_id (anonymous access).</param>
    /// <param name="now">The current time.</param>
    /// <param name="maxAge">How old the proof's <c>iat</c> may be.</param>
    public static async Task<TokenResult<VerifiedProof>> ValidateAsync(string proof, string credentialIssuer, string? clientId, DateTimeOffset now, TimeSpan maxAge)
    {
        var validator = new JwtProofValidator(proof, credentialIssuer, clientId, now, maxAge);
        var error = validator.Read()                                  // RFC 7515 compact form
            ?? validator.ValidateType()                               // F.1: typ openid4vci-proof+jwt
            ?? validator.ValidateAlgorithm()                          // F.1: asymmetric alg, not none; metadata lists ES256, EdDSA
            ?? validator.ResolveHolderKey()                           // F.1: jwk header (kid and x5c not supported), public key only
            ?? await validator.VerifySignatureAsync()                 // F.4 step 1: signature by that key
            ?? validator.ValidateAudience()                           // F.1: aud is the Credential Issuer Identifier
            ?? validator.ValidateIssuer()                             // F.1: iss is the client_id, omitted for anonymous pre-authorized access
            ?? validator.ValidateIssuedAt()                           // F.1, F.4: iat recent
            ?? validator.ReadNonce();                                 // F.1: nonce from the nonce endpoint
        if (error is not null)
        {
            return error;
        }

        var thumbprint = JwkKeys.TryComputeThumbprint(new JsonWebKey(validator._jwk.ToJsonString()), out var value) ? value! : string.Empty;
        return TokenResult<VerifiedProof>.Success(new VerifiedProof(validator._jwk, thumbprint, validator._payload.GetProperty("nonce").GetString()!));
    }

    private TokenError? Read()
    {
        if (_proof.Length > MaxProofLength)
        {
            return Error(Oid4VciErrorCodes.ProofMalformed, "The proof is too large.");
        }

        try
        {
            _jwt = new JsonWebToken(_proof);
            _header = Parse(_jwt.EncodedHeader);
            _payload = Parse(_jwt.EncodedPayload);
            if (_header.ValueKind != JsonValueKind.Object || _payload.ValueKind != JsonValueKind.Object)
            {
                return Error(Oid4VciErrorCodes.ProofMalformed, "The proof is not a JWT with JSON objects.");
            }

            // RFC 7515 §4.1.11: this issuer understands no JWS extension, so a proof that makes one critical is refused.
            return _header.TryGetProperty("crit", out _)
                ? Error(Oid4VciErrorCodes.ProofMalformed, "The proof header names a critical extension (crit) this issuer does not understand.")
                : null;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or JsonException or FormatException)
        {
            return Error(Oid4VciErrorCodes.ProofMalformed, "The proof is not a well-formed JWT.");
        }
    }

    private TokenError? ValidateType()
        => string.Equals(_jwt.Typ, ProofType, StringComparison.Ordinal) ? null : Error(Oid4VciErrorCodes.ProofTypInvalid, "The proof typ must be openid4vci-proof+jwt.");

    private TokenError? ValidateAlgorithm()
        => AllowedAlgorithms.Contains(_jwt.Alg, StringComparer.Ordinal) ? null : Error(Oid4VciErrorCodes.ProofAlgNotAllowed, "The proof alg must be ES256 or EdDSA.");

    private TokenError? ResolveHolderKey()
    {
        // This issuer binds credentials to a key given by value only (cryptographic_binding_methods_supported: jwk).
        if (_header.TryGetProperty("kid", out _) || _header.TryGetProperty("x5c", out _) || _header.TryGetProperty("trust_chain", out _))
        {
            return Error(Oid4VciErrorCodes.ProofKeyReferenceNotSupported, "The proof must carry its key in the jwk header, not kid, x5c or trust_chain.");
        }

        if (!_header.TryGetProperty("jwk", out var jwk) || jwk.ValueKind != JsonValueKind.Object || jwk.TryGetProperty("d", out _))
        {
            return Error(Oid4VciErrorCodes.ProofKeyInvalid, "The proof jwk header is missing or holds a private key.");
        }

        try
        {
            if (!JwkKeys.TryCreateSecurityKey(new JsonWebKey(jwk.GetRawText()), out var key) || key is null)
            {
                return Error(Oid4VciErrorCodes.ProofKeyInvalid, "The proof jwk is not a supported public key.");
            }

            _key = key;
        }
        catch (ArgumentException)
        {
            return Error(Oid4VciErrorCodes.ProofKeyInvalid, "The proof jwk is malformed.");
        }

        // Only the public members go into cnf.jwk.
        _jwk = new JsonObject();
        foreach (var name in (string[])["kty", "crv", "x", "y"])
        {
            if (jwk.TryGetProperty(name, out var member) && member.ValueKind == JsonValueKind.String)
            {
                _jwk[name] = member.GetString();
            }
        }

        return null;
    }

    private async Task<TokenError?> VerifySignatureAsync()
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = _key,
            ValidAlgorithms = [_jwt.Alg],
            ValidTypes = [ProofType],
            RequireSignedTokens = true,
            RequireExpirationTime = false,
            ValidateLifetime = false,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateIssuerSigningKey = false,
        };
        var result = await Handler.ValidateTokenAsync(_jwt, parameters);
        return result.IsValid ? null : Error(Oid4VciErrorCodes.ProofSignatureInvalid, "The proof signature does not verify with its jwk.");
    }

    private TokenError? ValidateAudience()
    {
        var matches = _payload.TryGetProperty("aud", out var aud) && aud.ValueKind switch
        {
            JsonValueKind.String => string.Equals(aud.GetString(), _audience, StringComparison.Ordinal),
            JsonValueKind.Array => aud.GetArrayLength() == 1 && aud[0].ValueKind == JsonValueKind.String && string.Equals(aud[0].GetString(), _audience, StringComparison.Ordinal),
            _ => false,
        };
        return matches ? null : Error(Oid4VciErrorCodes.ProofAudMismatch, "The proof aud is not this credential issuer.");
    }

    private TokenError? ValidateIssuer()
    {
        // F.1: iss is OPTIONAL; when present it MUST be the client_id of the client making the request, and it MUST be omitted when the
        // access token came from the pre-authorized code flow through anonymous access to the token endpoint (no client_id to name).
        if (!_payload.TryGetProperty("iss", out var iss))
        {
            return null;
        }

        if (_clientId is null)
        {
            return Error(Oid4VciErrorCodes.ProofIssNotAllowed, "The proof must not carry iss: the access token was obtained anonymously.");
        }

        return iss.ValueKind == JsonValueKind.String && string.Equals(iss.GetString(), _clientId, StringComparison.Ordinal)
            ? null
            : Error(Oid4VciErrorCodes.ProofIssMismatch, "The proof iss is not the client_id the access token was issued to.");
    }

    private TokenError? ValidateIssuedAt()
    {
        if (!_payload.TryGetProperty("iat", out var iat) || iat.ValueKind != JsonValueKind.Number || !iat.TryGetInt64(out var seconds)
            || seconds is < 0 or > 253402300799)
        {
            return Error(Oid4VciErrorCodes.ProofIatInvalid, "The proof has no valid iat.");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return issuedAt > _now + TimeSpan.FromMinutes(1) || issuedAt < _now - _maxAge
            ? Error(Oid4VciErrorCodes.ProofIatInvalid, "The proof iat is outside the accepted window.")
            : null;
    }

    private TokenError? ReadNonce()
        => _payload.TryGetProperty("nonce", out var nonce) && nonce.ValueKind == JsonValueKind.String && nonce.GetString() is { Length: > 0 }
            ? null
            : Error(Oid4VciErrorCodes.ProofNonceMissing, "The proof has no nonce; get one from the nonce endpoint.");

    private static JsonElement Parse(string encoded)
    {
        using var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(encoded), new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        return document.RootElement.Clone();
    }

    private static TokenError Error(string code, string description) => new(code, description, "invalid_proof");
}
