using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Identity.Tokens.SdJwt;

/// <summary>Base64url and digest helpers that work on spans, to keep per-presentation allocations small.</summary>
internal static class SdJwtEncoding
{
    /// <summary>The only <c>_sd_alg</c> this implementation understands (RFC 9901 §4.1.1: MUST support sha-256).</summary>
    public const string Sha256 = "sha-256";

    private const int StackLimit = 1024;

    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // Vectorized membership tests: the presentation and each segment are scanned once per character class.
    private static readonly SearchValues<char> Base64UrlChars = SearchValues.Create(Base64UrlAlphabet);
    private static readonly SearchValues<char> PresentationChars = SearchValues.Create(Base64UrlAlphabet + ".~");

    /// <summary>RFC 9901 ABNF: BASE64URL = 1*(ALPHA / DIGIT / "-" / "_"). True when <paramref name="value"/> is non-empty base64url text (no padding, no whitespace).</summary>
    public static bool IsBase64Url(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExcept(Base64UrlChars);

    /// <summary>§4 ABNF: only base64url characters, '.' and '~'.</summary>
    public static bool IsPresentationText(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(PresentationChars);

    /// <summary>base64url(SHA-256(ASCII(value))): the digest of a Disclosure (§4.2.3) and the <c>sd_hash</c> (§4.3.1).</summary>
    /// <remarks>The caller has checked that <paramref name="ascii"/> holds only ASCII characters.</remarks>
    public static string DigestOfAscii(ReadOnlySpan<char> ascii)
    {
        byte[]? rented = null;
        var bytes = ascii.Length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(ascii.Length));
        try
        {
            var count = Encoding.ASCII.GetBytes(ascii, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..count], hash);
            return Base64Url.EncodeToString(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Constant-time comparison of two base64url digests.</summary>
    public static bool FixedTimeEquals(string? a, string? b)
    {
        if (a is null || b is null || a.Length != b.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(b.AsSpan()));
    }

    /// <summary>Bytes of a salt: 128 bits (RFC 9901 §9.3).</summary>
    public const int SaltBytes = 16;

    /// <summary>Random bytes hashed into one decoy digest.</summary>
    public const int DecoyRandomBytes = 32;

    /// <summary>A decoy digest over <paramref name="random"/>, bytes the caller drew from <see cref="RandomNumberGenerator"/>.</summary>
    public static string DecoyDigest(ReadOnlySpan<byte> random)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(random, hash);
        return Base64Url.EncodeToString(hash);
    }

    /// <summary>
    /// True when <paramref name="json"/> is well-formed JSON nested deeper than <paramref name="maxDepth"/>. Only called after a
    /// parse failure, to tell an oversized input (SDJWT_TOO_LARGE) from a malformed one.
    /// </summary>
    public static bool IsTooDeep(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json, new System.Text.Json.JsonReaderOptions { MaxDepth = 4096 });
        try
        {
            var tooDeep = false;
            while (reader.Read())
            {
                tooDeep |= reader.CurrentDepth >= maxDepth;
            }

            return tooDeep;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Decodes base64url text holding JSON; false when the text is not valid base64url or the bytes are not valid UTF-8
    /// (System.Text.Json only validates UTF-8 inside strings when they are read, which would throw later).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> value, out byte[] bytes)
    {
        bytes = [];
        if (!IsBase64Url(value) || value.Length % 4 == 1)
        {
            return false;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(value.Length)];
        if (Base64Url.DecodeFromChars(value, buffer, out _, out var written) != OperationStatus.Done)
        {
            return false;
        }

        bytes = written == buffer.Length ? buffer : buffer[..written];
        return System.Text.Unicode.Utf8.IsValid(bytes) && !HasInvalidEscapedString(bytes);
    }

    /// <summary>
    /// True when a string escape decodes to invalid UTF-16 (a lone surrogate such as <c>\ud800</c>), which System.Text.Json
    /// accepts when parsing but throws on when the string is read. Scans only when the text contains an escape.
    /// </summary>
    private static bool HasInvalidEscapedString(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return false;
        }

        var reader = new System.Text.Json.Utf8JsonReader(json, new System.Text.Json.JsonReaderOptions { MaxDepth = 4096 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is System.Text.Json.JsonTokenType.String or System.Text.Json.JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }

            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false; // not JSON at all: the parser reports it
        }
    }
}
