using System.Text.Json;
using Identity.Tokens.Results;

namespace Identity.Tokens.StatusList;

/// <summary>
/// The <c>status_list</c> member of a referenced token's <c>status</c> claim (draft-ietf-oauth-status-list-20 §6.2):
/// which entry (<see cref="Index"/>) of which status list token (<see cref="Uri"/>) holds the token's status.
/// </summary>
/// <param name="Index">The <c>idx</c> member: a non-negative integer.</param>
/// <param name="Uri">The <c>uri</c> member: the status list token's URI, equal to that token's <c>sub</c>.</param>
public sealed record StatusReference(long Index, string Uri)
{
    /// <summary>Name of the referenced token's claim (§6.2).</summary>
    public const string ClaimName = "status";

    /// <summary>Name of this mechanism's member inside the <c>status</c> claim (§6.2).</summary>
    public const string MemberName = "status_list";

    /// <summary>Reads the reference from a referenced token's whole claims set (its JWT payload).</summary>
    public static TokenResult<StatusReference> FromClaims(JsonElement claims)
    {
        if (claims.ValueKind != JsonValueKind.Object || !claims.TryGetProperty(ClaimName, out var status))
        {
            return Fail(StatusListErrorCodes.ReferenceMissing, "The token has no status claim.");
        }

        return Parse(status);
    }

    /// <summary>Parses the value of the <c>status</c> claim, e.g. <c>{"status_list":{"idx":0,"uri":"https://..."}}</c>.</summary>
    public static TokenResult<StatusReference> Parse(JsonElement status)
    {
        // §6.2: status is a JSON object containing at least one status mechanism.
        if (status.ValueKind != JsonValueKind.Object)
        {
            return Fail(StatusListErrorCodes.ReferenceMalformed, "The status claim is not a JSON object.");
        }

        if (!status.TryGetProperty(MemberName, out var statusList))
        {
            return Fail(StatusListErrorCodes.ReferenceMissing, "The status claim has no status_list member.");
        }

        if (statusList.ValueKind != JsonValueKind.Object
            || !statusList.TryGetProperty("idx", out var idx)
            || !statusList.TryGetProperty("uri", out var uri))
        {
            return Fail(StatusListErrorCodes.ReferenceMalformed, "status_list must be an object with idx and uri.");
        }

        // §6.2: idx is a non-negative integer (1.0 is accepted as an integer; 1.5 and "1" are not).
        if (idx.ValueKind != JsonValueKind.Number || !TryReadNonNegativeInteger(idx, out var index))
        {
            return Fail(StatusListErrorCodes.ReferenceIndexInvalid, "status_list.idx must be a non-negative integer.");
        }

        if (uri.ValueKind != JsonValueKind.String || !IsValidUri(uri.GetString()))
        {
            return Fail(StatusListErrorCodes.ReferenceUriInvalid, "status_list.uri must be an absolute https URI.");
        }

        return TokenResult<StatusReference>.Success(new StatusReference(index, uri.GetString()!));
    }

    /// <summary>Parses the JSON text of the <c>status</c> claim. Malformed JSON gives <see cref="StatusListErrorCodes.ReferenceMalformed"/>.</summary>
    public static TokenResult<StatusReference> Parse(string statusClaimJson)
    {
        try
        {
            using var document = JsonDocument.Parse(statusClaimJson ?? string.Empty);
            return Parse(document.RootElement);
        }
        catch (JsonException)
        {
            return Fail(StatusListErrorCodes.ReferenceMalformed, "The status claim is not valid JSON.");
        }
    }

    /// <summary>
    /// True for an absolute <c>https</c> URI without fragment or user info. The draft asks for an RFC 3986 URI;
    /// HAIP and this project require it to be fetchable over TLS.
    /// </summary>
    public static bool IsValidUri(string? uri) => IsValidUri(uri, allowLoopbackHttp: false);

    /// <summary>
    /// As <see cref="IsValidUri(string?)"/>; with <paramref name="allowLoopbackHttp"/> (development only) plain <c>http</c> on a
    /// loopback host (localhost, 127.0.0.0/8, ::1) is accepted too.
    /// </summary>
    public static bool IsValidUri(string? uri, bool allowLoopbackHttp)
        => !string.IsNullOrEmpty(uri)
           && uri.Length <= 2048
           && System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
           && (parsed.Scheme == System.Uri.UriSchemeHttps || (allowLoopbackHttp && parsed.Scheme == System.Uri.UriSchemeHttp && parsed.IsLoopback))
           && string.IsNullOrEmpty(parsed.Fragment)
           && string.IsNullOrEmpty(parsed.UserInfo)
           && !string.IsNullOrEmpty(parsed.Host);

    /// <summary>The <c>status</c> claim value to put in a referenced token: <c>{"status_list":{"idx":n,"uri":"..."}}</c>.</summary>
    /// <exception cref="InvalidOperationException">The index is negative or the URI is not an absolute https URI.</exception>
    public IDictionary<string, object> ToClaimValue()
    {
        if (Index < 0 || !IsValidUri(Uri))
        {
            throw new InvalidOperationException("A status reference needs a non-negative index and an absolute https URI.");
        }

        return new Dictionary<string, object>
        {
            [MemberName] = new Dictionary<string, object> { ["idx"] = Index, ["uri"] = Uri },
        };
    }

    private static bool TryReadNonNegativeInteger(JsonElement element, out long value)
    {
        if (element.TryGetInt64(out value))
        {
            return value >= 0;
        }

        if (element.TryGetDecimal(out var number) && number == decimal.Truncate(number) && number is >= 0 and <= long.MaxValue)
        {
            value = (long)number;
            return true;
        }

        value = 0;
        return false;
    }

    private static TokenResult<StatusReference> Fail(string code, string description)
        => TokenResult<StatusReference>.Failure(code, description);
}
