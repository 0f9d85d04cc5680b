using System.Text.Json;
using Identity.Verifier.Jose;

namespace Identity.Verifier.Oid4Vp;

/// <summary>
/// An OpenID4VP 1.0 authorization request with <c>response_mode=direct_post</c> (§8.2), kept by the relying party
/// under its <see cref="State"/> until the wallet posts the response.
/// </summary>
/// <param name="ClientId">The client identifier with its prefix (§5.9), for example <c>redirect_uri:https://rp.example.ca/vp/response</c>. Also the expected KB-JWT <c>aud</c>.</param>
/// <param name="ResponseUri">Where the wallet posts the response (<c>response_uri</c>, §8.2).</param>
/// <param name="Nonce">Fresh random value the Key Binding JWT must carry (§5.2).</param>
/// <param name="State">Fresh random value that correlates the response with this request.</param>
/// <param name="Query">The DCQL query.</param>
/// <param name="ExpiresAt">After this instant the response is refused.</param>
public sealed record PresentationRequest(string ClientId, Uri ResponseUri, string Nonce, string State, DcqlQuery Query, DateTimeOffset ExpiresAt)
{
    /// <summary>The request parameters (§5.1, §8.2), with <c>dcql_query</c> as a JSON string.</summary>
    public IReadOnlyDictionary<string, string> ToParameters() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["response_type"] = "vp_token",
        ["response_mode"] = "direct_post",
        ["client_id"] = ClientId,
        ["response_uri"] = ResponseUri.AbsoluteUri,
        ["nonce"] = Nonce,
        ["state"] = State,
        ["dcql_query"] = Query.ToJson().ToJsonString(VerifierJsonContext.Relaxed),
    };

    /// <summary>
    /// The request as a URL for a wallet (same-device link or QR code), by default <c>openid4vp://?...</c>. A string, not a
    /// <see cref="Uri"/>, because <see cref="Uri"/> would rewrite <c>openid4vp://?</c> as <c>openid4vp:///?</c>.
    /// </summary>
    public string ToAuthorizationUrl(string authorizationEndpoint = "openid4vp://")
    {
        ArgumentException.ThrowIfNullOrEmpty(authorizationEndpoint);
        var query = string.Join('&', ToParameters().Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var separator = authorizationEndpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return authorizationEndpoint + separator + query;
    }

    /// <summary>Serializes the request for a distributed <see cref="IPresentationRequestStore"/>.</summary>
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(new System.Text.Json.Nodes.JsonObject
    {
        ["client_id"] = ClientId,
        ["response_uri"] = ResponseUri.AbsoluteUri,
        ["nonce"] = Nonce,
        ["state"] = State,
        ["dcql_query"] = Query.ToJson(),
        ["exp"] = ExpiresAt.ToUnixTimeSeconds(),
    }, VerifierJsonContext.Default.JsonObject);

    /// <summary>Reads a request written by <see cref="Serialize"/>; null when the bytes are not one.</summary>
    public static PresentationRequest? Deserialize(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray(), JsonLimits.DocumentOptions);
            var root = document.RootElement;
            var query = DcqlParser.Parse(root.GetProperty("dcql_query"));
            return query is null ? null : new PresentationRequest(
                root.GetProperty("client_id").GetString()!,
                new Uri(root.GetProperty("response_uri").GetString()!),
                root.GetProperty("nonce").GetString()!,
                root.GetProperty("state").GetString()!,
                query,
                DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64()));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or UriFormatException or ArgumentException)
        {
            return null;
        }
    }
}
