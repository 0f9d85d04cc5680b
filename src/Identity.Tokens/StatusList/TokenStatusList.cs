using Identity.Tokens.Jose;
using Identity.Tokens.Results;

namespace Identity.Tokens.StatusList;

/// <summary>
/// A Token Status List (the <c>StatusList</c> of draft-ietf-oauth-status-list-20 §4): one status of <see cref="Bits"/> bits per referenced token,
/// packed into bytes from the least significant bit, so index 0 is the lowest bit(s) of byte 0 (§4.1 step 3, §11.1).
/// Not thread-safe: an issuer serialises writes to one list.
/// </summary>
/// <example>
/// <code>
/// var list = new TokenStatusList(1_000_000, bits: 1);
/// list.Set(42, StatusTypes.Invalid);
/// string lst = list.Encode();                       // base64url(zlib(bytes)), the "lst" member
/// var decoded = TokenStatusList.Decode(lst, bits: 1);    // TokenResult&lt;TokenStatusList&gt;
/// </code>
/// </example>
public sealed class TokenStatusList
{
    private readonly byte[] _bytes;
    private readonly int _log2Bits;

    /// <summary>Creates a list of <paramref name="count"/> entries, all <see cref="StatusTypes.Valid"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 1, 2, 4 or 8, or <paramref name="count"/> is negative.</exception>
    public TokenStatusList(int count, int bits)
    {
        ThrowIfInvalidBits(bits);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // §4.1 step 2: a byte array of count * bits / 8 bytes or greater.
        _bytes = new byte[(int)(((long)count * bits + 7) / 8)];
        _log2Bits = Log2(bits);
        Bits = bits;
        Count = count;
    }

    private TokenStatusList(byte[] bytes, int bits)
    {
        _bytes = bytes;
        _log2Bits = Log2(bits);
        Bits = bits;
        Count = (int)Math.Min(int.MaxValue, (long)bytes.Length * 8 / bits);
    }

    /// <summary>Bits per entry: 1, 2, 4 or 8 (§4.1 step 1).</summary>
    public int Bits { get; }

    /// <summary>Number of entries. A decoded list holds every entry its bytes can carry.</summary>
    public int Count { get; }

    /// <summary>The uncompressed byte array (§4.1).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Gets or sets the status at <paramref name="index"/>.</summary>
    public byte this[int index]
    {
        get => Get(index);
        set => Set(index, value);
    }

    /// <summary>True for the allowed <c>bits</c> values 1, 2, 4 and 8 (§4.2).</summary>
    public static bool IsValidBits(int bits) => bits is 1 or 2 or 4 or 8;

    /// <summary>Wraps a stored uncompressed byte array (for example from a database). The bytes are copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 1, 2, 4 or 8.</exception>
    public static TokenStatusList FromBytes(ReadOnlySpan<byte> bytes, int bits)
    {
        ThrowIfInvalidBits(bits);
        return new TokenStatusList(bytes.ToArray(), bits);
    }

    /// <summary>The status at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list; use <see cref="TryGet"/> for untrusted indexes.</exception>
    public byte Get(int index)
    {
        if (!TryGet(index, out var status))
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {Count} entries.");
        }

        return status;
    }

    /// <summary>Reads the status at <paramref name="index"/>; false when the index is outside the list.</summary>
    public bool TryGet(long index, out byte status)
    {
        if (index < 0 || index >= Count)
        {
            status = 0;
            return false;
        }

        var (byteIndex, shift) = Locate((int)index);
        status = (byte)((_bytes[byteIndex] >> shift) & Mask);
        return true;
    }

    /// <summary>Sets the status at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list, or the status does not fit in <see cref="Bits"/>.</exception>
    public void Set(int index, byte status)
    {
        if (index < 0 || index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {Count} entries.");
        }

        if (status > Mask)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, $"A {Bits}-bit list holds values up to {Mask}.");
        }

        var (byteIndex, shift) = Locate(index);
        _bytes[byteIndex] = (byte)((_bytes[byteIndex] & ~(Mask << shift)) | (status << shift));
    }

    /// <summary>
    /// The compressed byte array: DEFLATE in the ZLIB format (§4.1 step 4). The draft RECOMMENDS the highest level (9, the default);
    /// a lower <paramref name="level"/> trades size for speed (see docs/performance.md).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not 1 to 9.</exception>
    public byte[] Compress(int level = StatusListCompression.DefaultLevel) => StatusListCompression.Compress(_bytes, level);

    /// <summary>The <c>lst</c> member: base64url of <see cref="Compress"/> (§4.2).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not 1 to 9.</exception>
    public string Encode(int level = StatusListCompression.DefaultLevel) => Base64UrlText.Encode(Compress(level));

    /// <summary>
    /// Decodes an <c>lst</c> member (§4.2). Never throws on bad input: returns <see cref="StatusListErrorCodes.BitsInvalid"/>,
    /// <see cref="StatusListErrorCodes.Malformed"/> (not base64url, not zlib, checksum mismatch) or
    /// <see cref="StatusListErrorCodes.TooLarge"/> (beyond <paramref name="limits"/>).
    /// </summary>
    public static TokenResult<TokenStatusList> Decode(string? lst, int bits, StatusListLimits? limits = null)
    {
        limits ??= StatusListLimits.Default;
        if (!IsValidBits(bits))
        {
            return TokenResult<TokenStatusList>.Failure(StatusListErrorCodes.BitsInvalid, "bits must be 1, 2, 4 or 8.");
        }

        // Base64url grows data by 4/3; refuse oversize text before decoding it.
        if (lst is not null && (long)lst.Length > ((long)limits.MaxCompressedBytes * 4 / 3) + 4)
        {
            return TokenResult<TokenStatusList>.Failure(StatusListErrorCodes.TooLarge, "The compressed status list is larger than allowed.");
        }

        if (!Base64UrlText.TryDecode(lst, out var compressed) || compressed.Length == 0)
        {
            return TokenResult<TokenStatusList>.Failure(StatusListErrorCodes.Malformed, "lst is not a base64url string.");
        }

        return Decompress(compressed, bits, limits);
    }

    /// <summary>Decompresses a ZLIB byte array (the CBOR form of <c>lst</c>) with the same checks as <see cref="Decode"/>.</summary>
    public static TokenResult<TokenStatusList> Decompress(ReadOnlySpan<byte> compressed, int bits, StatusListLimits? limits = null)
    {
        limits ??= StatusListLimits.Default;
        if (!IsValidBits(bits))
        {
            return TokenResult<TokenStatusList>.Failure(StatusListErrorCodes.BitsInvalid, "bits must be 1, 2, 4 or 8.");
        }

        if (compressed.Length > limits.MaxCompressedBytes)
        {
            return TokenResult<TokenStatusList>.Failure(StatusListErrorCodes.TooLarge, "The compressed status list is larger than allowed.");
        }

        var inflated = StatusListCompression.Decompress(compressed, limits.MaxDecompressedBytes);
        return inflated.IsSuccess
            ? TokenResult<TokenStatusList>.Success(new TokenStatusList(inflated.Value, bits))
            : TokenResult<TokenStatusList>.Failure(inflated.Error);
    }

    private int Mask => (1 << Bits) - 1;

    // §4.1 step 3: entry i lives in byte i / (8 / bits), at bit offset (i mod (8 / bits)) * bits.
    private (int ByteIndex, int Shift) Locate(int index)
    {
        var entriesPerByteLog2 = 3 - _log2Bits;
        return (index >> entriesPerByteLog2, (index & ((1 << entriesPerByteLog2) - 1)) << _log2Bits);
    }

    private static int Log2(int bits) => bits switch { 1 => 0, 2 => 1, 4 => 2, _ => 3 };

    private static void ThrowIfInvalidBits(int bits)
    {
        if (!IsValidBits(bits))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "bits must be 1, 2, 4 or 8.");
        }
    }
}
