using System.Security.Claims;
using System.Text.Json;
using Identity.Issuer.Dpop;
using Identity.Issuer.Keys;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Tokens.Dpop;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Oid4Vci.Credentials;

/// <summary>
/// Validates the access token at the credential endpoint in-process (RFC 6750, RFC 9068, RFC 9449 §7), as ordered steps: an
/// <c>at+jwt</c> signed by this server's token key, from this issuer, unexpired by <see cref="TimeProvider"/>; sent with the DPoP
/// scheme and a proof by its key when it is DPoP-bound, with the Bearer scheme otherwise; carrying the credential scope and the
/// credential issuer as <c>aud</c>; and still
/// valid in OpenIddict's token store (not revoked).
/// </summary>
internal sealed class AccessTokenValidator(
    KeyMaterial keys, VerifiedAccessTokens verified, DpopProofs dpop, AccessTokenRevocation revocation, TimeProvider time)
{
    private const int MaxTokenLength = 8 * 1024;
    private const string BearerScheme = "Bearer";
    private const string TokenIdClaim = "oi_tkn_id";
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<TokenResult<ClaimsPrincipal>> ValidateAsync(HttpRequest request, Oid4VciUrls urls, CancellationToken cancellationToken)
    {
        // RFC 6750 §2.1, RFC 9449 §7.1: Authorization: Bearer <token> or DPoP <token>.
        var authorization = request.Headers.Authorization.ToString();
        var dpopScheme = HasScheme(authorization, DpopProofs.Scheme);
        if (!dpopScheme && !HasScheme(authorization, BearerScheme))
        {
            return Failure(Oid4VciErrorCodes.AccessTokenMissing, "An access token is required (Bearer or DPoP scheme).", "invalid_token");
        }

        var token = authorization[((dpopScheme ? DpopProofs.Scheme : BearerScheme).Length + 1)..].Trim();
        if (token.Length is 0 or > MaxTokenLength)
        {
            return Failure(Oid4VciErrorCodes.AccessTokenInvalid, "The access token is not valid.", "invalid_token");
        }

        if (!verified.TryGet(token, out var known))
        {
            var parameters = new TokenValidationParameters
            {
                IssuerSigningKey = keys.SigningCredentials.Key,
                ValidAlgorithms = [JoseAlgorithms.ES256],
                ValidTypes = ["at+jwt"],
                ValidIssuer = urls.AuthorizationServer.AbsoluteUri,
                ValidateAudience = false,
                // Lifetime is checked below against the TimeProvider, on every request.
                ValidateLifetime = false,
                RequireExpirationTime = true,
                NameClaimType = "sub",
            };
            var result = await Handler.ValidateTokenAsync(token, parameters);
            if (!result.IsValid || result.SecurityToken is not JsonWebToken validated)
            {
                return Failure(Oid4VciErrorCodes.AccessTokenInvalid, "The access token is not valid.", "invalid_token");
            }

            known = new VerifiedAccessToken(validated, result.ClaimsIdentity);
            verified.Add(token, known);
        }

        var jwt = known.Jwt;
        var now = time.GetUtcNow();
        if (jwt.ValidTo == DateTime.MinValue || new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) <= now
            || (jwt.ValidFrom != DateTime.MinValue && new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero) > now + TimeSpan.FromMinutes(1)))
        {
            return Failure(Oid4VciErrorCodes.AccessTokenInvalid, "The access token has expired.", "invalid_token");
        }

        // RFC 9449 §7: sender constraint before anything else is looked at or looked up.
        var binding = await ValidateSenderConstraintAsync(request, urls, token, BoundThumbprint(jwt), dpopScheme, cancellationToken);
        if (binding is not null)
        {
            return TokenResult<ClaimsPrincipal>.Failure(binding);
        }

        // OpenID4VCI §5.1.2: the token must have been granted for the credential's scope (a login token is not enough).
        if (!Scopes(jwt).Contains(IdentityCredentialType.Scope, StringComparer.Ordinal))
        {
            return Failure(Oid4VciErrorCodes.AccessTokenScopeMissing, "The access token was not granted the credential scope.", "insufficient_scope");
        }

        // RFC 9068 §4: the resource server checks that aud names it (a token for another resource is refused).
        if (!jwt.Audiences.Contains(urls.CredentialIssuer, StringComparer.Ordinal))
        {
            return Failure(Oid4VciErrorCodes.AccessTokenInvalid, "The access token is not for this credential issuer (aud).", "invalid_token");
        }

        // RFC 7009 / RFC 9700 §4.14.2: revoked by OpenIddict (refresh token reuse, revocation endpoint, authorization revoked).
        // OpenIddict names the token entry in the private oi_tkn_id claim (jti is a separate random identifier).
        if (!jwt.TryGetPayloadValue<string>(TokenIdClaim, out var tokenId) || string.IsNullOrEmpty(tokenId) || !await revocation.IsActiveAsync(tokenId, cancellationToken))
        {
            return Failure(Oid4VciErrorCodes.AccessTokenRevoked, "The access token has been revoked.", "invalid_token");
        }

        return TokenResult<ClaimsPrincipal>.Success(new ClaimsPrincipal(known.Identity.Clone()));
    }

    /// <summary>
    /// The WWW-Authenticate challenge for a refusal (RFC 6750 §3, RFC 9449 §7.1): DPoP, with the accepted algorithms, when the
    /// request used the DPoP scheme or the refusal is about DPoP; Bearer otherwise.
    /// </summary>
    public static string Challenge(HttpRequest request, TokenError error, string description)
    {
        var dpop = HasScheme(request.Headers.Authorization.ToString(), DpopProofs.Scheme) || error.Code.StartsWith("DPOP_", StringComparison.Ordinal);
        if (error.Code == Oid4VciErrorCodes.AccessTokenMissing)
        {
            return $"{BearerScheme}, {DpopProofs.Scheme} algs=\"{DpopProofs.Algorithms}\"";
        }

        var challenge = $"{(dpop ? DpopProofs.Scheme : BearerScheme)} error=\"{error.SpecError}\", error_description=\"{description.Replace("\"", "'", StringComparison.Ordinal)}\"";
        return dpop ? challenge + $", algs=\"{DpopProofs.Algorithms}\"" : challenge;
    }

    private async Task<TokenError?> ValidateSenderConstraintAsync(
        HttpRequest request, Oid4VciUrls urls, string token, string? bound, bool dpopScheme, CancellationToken cancellationToken)
    {
        if (bound is null)
        {
            return dpopScheme ? new TokenError(DpopErrorCodes.TokenNotBound, "This access token is not DPoP-bound; send it with the Bearer scheme.", "invalid_token") : null;
        }

        if (!dpopScheme)
        {
            // §7.2: a bound token is never accepted as a bearer token.
            return new TokenError(DpopErrorCodes.BoundTokenAsBearer, "This access token is DPoP-bound; send it with the DPoP scheme and a DPoP proof.", "invalid_token");
        }

        var proof = await dpop.ValidateAsync(request, new Uri(urls.CredentialEndpoint), token, cancellationToken);
        if (!proof.IsSuccess)
        {
            return proof.Error;
        }

        return string.Equals(proof.Value.Thumbprint, bound, StringComparison.Ordinal)
            ? null
            : new TokenError(DpopErrorCodes.KeyMismatch, "The DPoP proof is not signed by the key this access token is bound to.", DpopErrorCodes.InvalidDpopProof);
    }

    private static string? BoundThumbprint(JsonWebToken jwt)
        => jwt.TryGetPayloadValue<JsonElement>("cnf", out var cnf) && cnf.ValueKind == JsonValueKind.Object
            && cnf.TryGetProperty("jkt", out var jkt) && jkt.ValueKind == JsonValueKind.String
            ? jkt.GetString()
            : null;

    private static bool HasScheme(string authorization, string scheme)
        => authorization.Length > scheme.Length + 1 && authorization.StartsWith(scheme + " ", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<string> Scopes(JsonWebToken jwt)
    {
        if (jwt.TryGetPayloadValue<string>("scope", out var text) && text is not null)
        {
            return text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        return jwt.TryGetPayloadValue<string[]>("scope", out var array) && array is not null ? array : [];
    }

    private static TokenResult<ClaimsPrincipal> Failure(string code, string description, string specError)
        => TokenResult<ClaimsPrincipal>.Failure(code, description, specError);
}
