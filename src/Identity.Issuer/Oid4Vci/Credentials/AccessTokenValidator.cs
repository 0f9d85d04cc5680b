using System.Security.Claims;
using System.Text.Json;
using Identity.Issuer.Keys;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Oid4Vci.Credentials;

/// <summary>
/// Validates the bearer access token at the credential endpoint in-process (RFC 6750, RFC 9068): an <c>at+jwt</c> signed by this
/// server's token key, from this issuer, unexpired by <see cref="TimeProvider"/>, carrying the credential scope.
/// </summary>
internal sealed class AccessTokenValidator(KeyMaterial keys, TimeProvider time)
{
    private const int MaxTokenLength = 8 * 1024;
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<TokenResult<ClaimsPrincipal>> ValidateAsync(string? authorization, Oid4VciUrls urls)
    {
        // RFC 6750 §2.1: Authorization: Bearer <token>.
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Failure(Oid4VciErrorCodes.AccessTokenMissing, "A bearer access token is required.", "invalid_token");
        }

        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length is 0 or > MaxTokenLength)
        {
            return Failure(Oid4VciErrorCodes.AccessTokenInvalid, "The access token is not valid.", "invalid_token");
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = keys.SigningCredentials.Key,
            ValidAlgorithms = [JoseAlgorithms.ES256],
            ValidTypes = ["at+jwt"],
            ValidIssuer = urls.AuthorizationServer.AbsoluteUri,
            ValidateAudience = false,
            // Lifetime is checked below against the TimeProvider.
            ValidateLifetime = false,
            RequireExpirationTime = true,
            NameClaimType = "sub",
        };
        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return Failure(Oid4VciErrorCodes.AccessTokenInvalid, "The access token is not valid.", "invalid_token");
        }

        var now = time.GetUtcNow();
        if (jwt.ValidTo == DateTime.MinValue || new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) <= now
            || (jwt.ValidFrom != DateTime.MinValue && new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero) > now + TimeSpan.FromMinutes(1)))
        {
            return Failure(Oid4VciErrorCodes.AccessTokenInvalid, "The access token has expired.", "invalid_token");
        }

        // OpenID4VCI §5.1.2: the token must have been granted for the credential's scope (a login token is not enough).
        if (!Scopes(jwt).Contains(IdentityCredentialType.Scope, StringComparer.Ordinal))
        {
            return Failure(Oid4VciErrorCodes.AccessTokenScopeMissing, "The access token was not granted the credential scope.", "insufficient_scope");
        }

        return TokenResult<ClaimsPrincipal>.Success(new ClaimsPrincipal(result.ClaimsIdentity));
    }

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
