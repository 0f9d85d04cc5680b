using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwt;

/// <summary>
/// The Holder's side (RFC 9901 §7.2): choose the Disclosures to release by claim path, and add a Key Binding JWT (§4.3).
/// </summary>
/// <example>
/// <code>
/// var selected = SdJwtHolder.SelectDisclosures(sdJwt, [ClaimPath.Of("age_over_18")]);
/// var presentation = SdJwtHolder.AddKeyBinding(selected.Value!, holderCredentials, "https://rp.example", nonce, timeProvider.GetUtcNow());
/// </code>
/// </example>
public static class SdJwtHolder
{
    /// <summary>The <c>typ</c> of a Key Binding JWT (§4.3).</summary>
    public const string KeyBindingJwtType = "kb+jwt";

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>
    /// Keeps only the Disclosures needed to reveal the claims at <paramref name="claimsToDisclose"/>: for each path, the Disclosure of
    /// that claim, of every claim inside it, and of every claim that contains it (parents of recursive Disclosures, §4.2.6, §7.2 step 2).
    /// Paths are those of the fully processed payload (all Disclosures applied). The issuer signature is not checked here: the
    /// Holder checks it on receipt with <see cref="SdJwtVerifier"/>.
    /// </summary>
    /// <returns>The SD-JWT <c>&lt;JWT&gt;~&lt;D&gt;~...~</c> ready for <see cref="AddKeyBinding"/>, or an error for a malformed SD-JWT.</returns>
    public static TokenResult<string> SelectDisclosures(string sdJwt, IEnumerable<ClaimPath> claimsToDisclose, SdJwtLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(claimsToDisclose);
        limits ??= SdJwtLimits.Default;
        var compact = SdJwtCompact.Parse(sdJwt, limits);
        if (!compact.IsSuccess)
        {
            return compact.Error;
        }

        // §7.2: the Issuer provides an SD-JWT, never an SD-JWT+KB.
        if (compact.Value.KeyBindingJwt is not null)
        {
            return TokenResult<string>.Failure(SdJwtErrorCodes.Malformed, "An SD-JWT to present must not already carry a Key Binding JWT.");
        }

        var payload = IssuerPayload.Decode(compact.Value.IssuerJwt, limits);
        if (!payload.IsSuccess)
        {
            return payload.Error;
        }

        var processed = DisclosureProcessor.Process(payload.Value, compact.Value.Disclosures, limits);
        if (!processed.IsSuccess)
        {
            return processed.Error;
        }

        var wanted = claimsToDisclose.ToArray();
        var parents = processed.Value.Disclosures.ToDictionary(d => d.Disclosure, d => d.Parent);
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in processed.Value.Disclosures)
        {
            if (!wanted.Any(path => item.Path.IsPrefixOf(path) || path.IsPrefixOf(item.Path)))
            {
                continue;
            }

            // The claim's own Disclosure, then every Disclosure that contains its digest (§4.2.6: a child needs its parent).
            var current = item.Disclosure;
            while (current is not null && selected.Add(current.Encoded))
            {
                current = parents[current];
            }
        }

        var parts = compact.Value.Disclosures.Where(selected.Contains);
        return TokenResult<string>.Success(string.Concat(compact.Value.IssuerJwt, "~", string.Concat(parts.Select(p => p + "~"))));
    }

    /// <summary>
    /// <see cref="SelectDisclosures"/> then <see cref="AddKeyBinding"/>: the presentation <c>&lt;JWT&gt;~&lt;D&gt;~...~&lt;KB-JWT&gt;</c>.
    /// </summary>
    public static TokenResult<string> Present(string sdJwt, IEnumerable<ClaimPath> claimsToDisclose, SigningCredentials holderCredentials, string audience, string nonce, DateTimeOffset issuedAt)
    {
        var selected = SelectDisclosures(sdJwt, claimsToDisclose);
        return selected.IsSuccess
            ? TokenResult<string>.Success(AddKeyBinding(selected.Value, holderCredentials, audience, nonce, issuedAt))
            : selected;
    }

    /// <summary>
    /// Appends a Key Binding JWT (§4.3) to an SD-JWT: header <c>typ: kb+jwt</c>; payload <c>iat</c>, <c>aud</c>, <c>nonce</c> and
    /// <c>sd_hash</c> = base64url(SHA-256(ASCII(sdJwt))) over the SD-JWT up to and including its last '~' (§4.3.1).
    /// </summary>
    public static string AddKeyBinding(string sdJwt, SigningCredentials holderCredentials, string audience, string nonce, DateTimeOffset issuedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(sdJwt);
        ArgumentNullException.ThrowIfNull(holderCredentials);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        if (!sdJwt.EndsWith('~') || sdJwt.IndexOf('~') <= 0)
        {
            throw new ArgumentException("Key Binding applies to an SD-JWT ending with '~'.", nameof(sdJwt));
        }

        if (!JoseAlgorithms.IsSupported(holderCredentials.Algorithm))
        {
            throw new ArgumentException($"Signing algorithm '{holderCredentials.Algorithm}' is not supported.", nameof(holderCredentials));
        }

        var payload = new JsonObject
        {
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["aud"] = audience,
            ["nonce"] = nonce,
            ["sd_hash"] = SdJwtEncoding.DigestOfAscii(sdJwt),
        };
        return sdJwt + Handler.CreateToken(payload.ToJsonString(), holderCredentials, new Dictionary<string, object> { ["typ"] = KeyBindingJwtType });
    }
}

/// <summary>Decodes the payload of a compact JWS into a mutable JSON object, without verifying it.</summary>
internal static class IssuerPayload
{
    public static TokenResult<JsonObject> Decode(string jwt, SdJwtLimits limits)
    {
        var start = jwt.IndexOf('.') + 1;
        var end = jwt.IndexOf('.', start);
        return start <= 0 || end < 0
            ? TokenResult<JsonObject>.Failure(SdJwtErrorCodes.Malformed, "The Issuer-signed JWT payload is not base64url.")
            : Decode(jwt.AsSpan(start, end - start), limits);
    }

    /// <summary>Decodes a base64url payload segment.</summary>
    public static TokenResult<JsonObject> Decode(ReadOnlySpan<char> encodedPayload, SdJwtLimits limits)
    {
        if (!SdJwtEncoding.TryDecode(encodedPayload, out var bytes))
        {
            return TokenResult<JsonObject>.Failure(SdJwtErrorCodes.Malformed, "The Issuer-signed JWT payload is not base64url.");
        }

        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = limits.MaxDepth, AllowDuplicateProperties = false }) is JsonObject payload
                ? TokenResult<JsonObject>.Success(payload)
                : TokenResult<JsonObject>.Failure(SdJwtErrorCodes.Malformed, "The Issuer-signed JWT payload is not a JSON object.");
        }
        catch (JsonException)
        {
            return SdJwtEncoding.IsTooDeep(bytes, limits.MaxDepth)
                ? TokenResult<JsonObject>.Failure(SdJwtErrorCodes.TooLarge, "The Issuer-signed JWT payload is nested too deeply.")
                : TokenResult<JsonObject>.Failure(SdJwtErrorCodes.Malformed, "The Issuer-signed JWT payload is not valid JSON.");
        }
    }
}
