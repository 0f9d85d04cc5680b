using System.Text.Json;
using Identity.Tokens.Results;
using Identity.Verifier.Http;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Trust;

/// <summary>
/// Reads JWT VC Issuer Metadata (draft-ietf-oauth-sd-jwt-vc §5): <c>/.well-known/jwt-vc-issuer</c> inserted between the
/// host and the path of <c>iss</c>; its <c>issuer</c> must equal <c>iss</c>; keys come from exactly one of <c>jwks</c> or <c>jwks_uri</c>.
/// </summary>
internal sealed class IssuerMetadataClient(SafeFetcher fetcher)
{
    private static readonly string[] JsonTypes = ["application/json"];
    private static readonly string[] JwksTypes = ["application/json", "application/jwk-set+json"];

    /// <summary>§5.1: the well-known segment goes before the issuer's path; a trailing slash of the path is dropped.</summary>
    public static Uri MetadataUri(Uri issuer)
    {
        var path = issuer.AbsolutePath.TrimEnd('/');
        return new UriBuilder(issuer) { Path = "/.well-known/jwt-vc-issuer" + path, Query = string.Empty, Fragment = string.Empty }.Uri;
    }

    public async Task<TokenResult<IReadOnlyList<JsonWebKey>>> GetKeysAsync(string issuer, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri))
        {
            return Invalid("The issuer is not a URL.", "iss not absolute");
        }

        var metadata = await fetcher.GetAsync(MetadataUri(issuerUri), JsonTypes, cancellationToken).ConfigureAwait(false);
        if (!metadata.IsSuccess)
        {
            return TokenResult<IReadOnlyList<JsonWebKey>>.Failure(metadata.Error);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(metadata.Value.Body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Invalid("The issuer metadata is not JSON.", "parse error");
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("issuer", out var issuerMember) || issuerMember.ValueKind != JsonValueKind.String)
        {
            return Invalid("The issuer metadata has no issuer member.", "missing issuer");
        }

        // §5.3: the issuer member MUST be identical to the iss of the credential.
        if (!string.Equals(issuerMember.GetString(), issuer, StringComparison.Ordinal))
        {
            return Invalid("The issuer metadata names a different issuer.", "issuer mismatch");
        }

        var hasJwks = root.TryGetProperty("jwks", out var jwks);
        var hasJwksUri = root.TryGetProperty("jwks_uri", out var jwksUri);
        if (hasJwks == hasJwksUri)
        {
            return Invalid("The issuer metadata must have exactly one of jwks and jwks_uri.", "jwks/jwks_uri");
        }

        if (hasJwks)
        {
            return ParseJwks(jwks.GetRawText());
        }

        if (jwksUri.ValueKind != JsonValueKind.String || !Uri.TryCreate(jwksUri.GetString(), UriKind.Absolute, out var keysUri))
        {
            return Invalid("The issuer metadata jwks_uri is not a URL.", "jwks_uri");
        }

        var keys = await fetcher.GetAsync(keysUri, JwksTypes, cancellationToken).ConfigureAwait(false);
        return keys.IsSuccess
            ? ParseJwks(System.Text.Encoding.UTF8.GetString(keys.Value.Body))
            : TokenResult<IReadOnlyList<JsonWebKey>>.Failure(keys.Error);
    }

    internal static TokenResult<IReadOnlyList<JsonWebKey>> ParseJwks(string json)
    {
        try
        {
            var set = new JsonWebKeySet(json);
            // Only public asymmetric keys can verify an issuer signature; a symmetric or private key here is a mistake.
            var keys = set.Keys.Where(k => k.Kty is "EC" or "OKP" && string.IsNullOrEmpty(k.D)).ToList();
            return keys.Count == 0 ? Invalid("The issuer key set has no usable public key.", "no keys") : TokenResult<IReadOnlyList<JsonWebKey>>.Success(keys);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException)
        {
            return Invalid("The issuer key set is not a JWKS.", e.GetType().Name);
        }
    }

    private static TokenResult<IReadOnlyList<JsonWebKey>> Invalid(string description, string detail) =>
        TokenResult<IReadOnlyList<JsonWebKey>>.Failure(VerifierErrorCodes.IssuerMetadataInvalid, description, "invalid_credential", detail);
}
