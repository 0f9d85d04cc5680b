using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwt;

/// <summary>
/// A compact JWS (RFC 7515 §7.1) read once: the protected header decoded, the segments kept as offsets into the original
/// string. Signatures are checked directly with the key's <see cref="SignatureProvider"/> over the ASCII signing input
/// (RFC 7515 §5.2 steps 8-9), without the token handler's validation pipeline: the callers run every other check
/// (algorithm allow-list, typ, time, audience) as their own named steps. Keys in the header (jwk, x5c) are never used.
/// </summary>
internal sealed class CompactJws
{
    private static readonly JsonDocumentOptions HeaderOptions = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    // One verifying provider per key, for the algorithm last used with it (a key serves one algorithm in practice).
    private static readonly ConditionalWeakTable<SecurityKey, SignatureProvider> Providers = new();

    private readonly string _jwt;
    private readonly int _payloadStart;
    private readonly int _signatureStart;

    private CompactJws(string jwt, int payloadStart, int signatureStart, JsonElement header, string algorithm, string? type, string? keyId)
    {
        _jwt = jwt;
        _payloadStart = payloadStart;
        _signatureStart = signatureStart;
        Header = header;
        Algorithm = algorithm;
        Type = type;
        KeyId = keyId;
    }

    /// <summary>The decoded protected header (unverified until <see cref="VerifySignature"/> returns true).</summary>
    public JsonElement Header { get; }

    /// <summary>The <c>alg</c> header; empty when absent or not a string, which no allow-list accepts.</summary>
    public string Algorithm { get; }

    public string? Type { get; }

    public string? KeyId { get; }

    /// <summary>The base64url payload segment.</summary>
    public ReadOnlySpan<char> EncodedPayload => _jwt.AsSpan(_payloadStart, _signatureStart - 1 - _payloadStart);

    /// <summary>
    /// Splits the three segments and decodes the header, which must be a JSON object whose <c>typ</c> and <c>kid</c>, when
    /// present, are strings, and without <c>crit</c>: this library understands no JWS extension, and RFC 7515 §4.1.11 requires a
    /// JWS naming one it does not understand to be refused. Null when it cannot be read or processed. The caller has checked the
    /// JWS shape and the character set.
    /// </summary>
    public static CompactJws? TryParse(string jwt)
    {
        var firstDot = jwt.IndexOf('.');
        var lastDot = jwt.LastIndexOf('.');
        if (firstDot <= 0 || lastDot <= firstDot + 1 || lastDot == jwt.Length - 1 || jwt.AsSpan(firstDot + 1, lastDot - firstDot - 1).Contains('.'))
        {
            return null;
        }

        if (!SdJwtEncoding.TryDecode(jwt.AsSpan(0, firstDot), out var headerBytes))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(headerBytes, HeaderOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.TryGetProperty("crit", out _)
                || !TryReadOptionalString(root, "typ", out var typ) || !TryReadOptionalString(root, "kid", out var kid))
            {
                return null;
            }

            var alg = root.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : string.Empty;
            return new CompactJws(jwt, firstDot + 1, lastDot + 1, root.Clone(), alg, typ, kid);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when the signature verifies with one of <paramref name="keys"/> under <see cref="Algorithm"/>. A key whose type
    /// does not fit the algorithm is skipped, so an ES256 header never reaches an Ed25519 key or a MAC key. The caller has
    /// checked <see cref="Algorithm"/> against its allow-list; signature providers are cached by the key's factory.
    /// </summary>
    public bool VerifySignature(IEnumerable<SecurityKey> keys)
    {
        var signature = DecodeSignature();
        if (signature is null)
        {
            return false;
        }

        var input = new byte[_signatureStart - 1];
        Encoding.ASCII.GetBytes(_jwt.AsSpan(0, input.Length), input);
        foreach (var key in keys)
        {
            if (Verify(key, input, signature))
            {
                return true;
            }
        }

        return false;
    }

    private bool Verify(SecurityKey key, byte[] input, byte[] signature)
    {
        var provider = VerifierFor(key, Algorithm);
        try
        {
            return provider is not null && provider.Verify(input, signature);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or CryptographicException or SecurityTokenException)
        {
            return false; // a signature the provider cannot even process does not verify
        }
    }

    /// <summary>
    /// The verifying provider of <paramref name="key"/> for <paramref name="algorithm"/>, kept with the key (weakly, so it
    /// lives as long as the key): the factory lookup and provider construction cost as much as a fast signature check.
    /// Null when the key cannot verify this algorithm. Verifying providers hold no per-call state and are shared across threads.
    /// </summary>
    private static SignatureProvider? VerifierFor(SecurityKey key, string algorithm)
    {
        if (Providers.TryGetValue(key, out var cached) && string.Equals(cached.Algorithm, algorithm, StringComparison.Ordinal))
        {
            return cached;
        }

        var factory = key.CryptoProviderFactory ?? CryptoProviderFactory.Default;
        try
        {
            if (!factory.IsSupportedAlgorithm(algorithm, key))
            {
                return null;
            }

            var provider = factory.CreateForVerifying(key, algorithm);
            Providers.AddOrUpdate(key, provider);
            return provider;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or CryptographicException or SecurityTokenException)
        {
            return null; // a key that cannot verify this algorithm is not a match
        }
    }

    private byte[]? DecodeSignature()
    {
        var encoded = _jwt.AsSpan(_signatureStart);
        if (encoded.Length % 4 == 1)
        {
            return null;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (Base64Url.DecodeFromChars(encoded, buffer, out _, out var written) != OperationStatus.Done)
        {
            return null;
        }

        return written == buffer.Length ? buffer : buffer[..written];
    }

    private static bool TryReadOptionalString(JsonElement header, string name, out string? value)
    {
        value = null;
        if (!header.TryGetProperty(name, out var element))
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }
}
