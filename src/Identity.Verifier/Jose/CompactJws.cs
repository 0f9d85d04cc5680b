using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Jose;

/// <summary>
/// A parsed, not yet verified JWS in compact serialization (RFC 7515 §7.1). Parsing never throws; signature verification
/// goes through IdentityModel's <see cref="CryptoProviderFactory"/>, where EdDSA is plugged in by Identity.Tokens.
/// </summary>
internal sealed class CompactJws
{
    private readonly string _token;
    private readonly int _signingInputLength;

    private CompactJws(string token, int signingInputLength, JsonElement header, JsonElement payload, byte[] signature)
    {
        _token = token;
        _signingInputLength = signingInputLength;
        Header = header;
        Payload = payload;
        Signature = signature;
    }

    public JsonElement Header { get; }

    public JsonElement Payload { get; }

    public byte[] Signature { get; }

    public string? Algorithm => GetString(Header, "alg");

    public string? Type => GetString(Header, "typ");

    public string? KeyId => GetString(Header, "kid");

    public static CompactJws? TryParse(string token)
    {
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0)
        {
            return null;
        }

        var header = ParseObject(token.AsSpan(0, first));
        var payload = header is null ? null : ParseObject(token.AsSpan(first + 1, second - first - 1));
        var signature = payload is null ? null : Decode(token.AsSpan(second + 1));
        return signature is null || signature.Length == 0 ? null : new CompactJws(token, second, header!.Value, payload!.Value, signature);
    }

    /// <summary>Verifies the signature with <paramref name="key"/> under the header's algorithm, which the caller has already allowed.</summary>
    public bool VerifyWith(SecurityKey key)
    {
        var alg = Algorithm;
        if (alg is null)
        {
            return false;
        }

        var factory = key.CryptoProviderFactory ?? CryptoProviderFactory.Default;
        if (!factory.IsSupportedAlgorithm(alg, key))
        {
            return false;
        }

        SignatureProvider? provider = null;
        try
        {
            provider = factory.CreateForVerifying(key, alg);
            var input = Encoding.ASCII.GetBytes(_token, 0, _signingInputLength);
            return provider.Verify(input, Signature);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or System.Security.Cryptography.CryptographicException or SecurityTokenException)
        {
            return false;
        }
        finally
        {
            if (provider is not null)
            {
                factory.ReleaseSignatureProvider(provider);
            }
        }
    }

    /// <summary>Tries the key named by <c>kid</c> first, then the others: keys without <c>kid</c> are common in small JWKS.</summary>
    public bool VerifyWithAny(IReadOnlyList<SecurityKey> candidates)
    {
        var kid = KeyId;
        foreach (var key in candidates.OrderBy(k => kid is not null && string.Equals(k.KeyId, kid, StringComparison.Ordinal) ? 0 : 1))
        {
            if (VerifyWith(key))
            {
                return true;
            }
        }

        return false;
    }

    public static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static long? GetNumericDate(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
        && value.TryGetDouble(out var seconds) && seconds is >= 0 and < 253402300800
            ? (long)seconds
            : null;

    /// <summary>The base64 strings of the <c>x5c</c> header, or null when absent or malformed.</summary>
    public IReadOnlyList<string>? X5c
    {
        get
        {
            if (!Header.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var list = new List<string>();
            foreach (var entry in x5c.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                list.Add(entry.GetString()!);
            }

            return list;
        }
    }

    internal static byte[]? Decode(ReadOnlySpan<char> base64Url)
    {
        try
        {
            return Base64Url.DecodeFromChars(base64Url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static JsonElement? ParseObject(ReadOnlySpan<char> base64Url)
    {
        var bytes = Decode(base64Url);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, JsonLimits.DocumentOptions);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
