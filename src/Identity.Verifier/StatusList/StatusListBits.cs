using System.IO.Compression;
using Identity.Tokens.Results;

namespace Identity.Verifier.StatusList;

/// <summary>
/// A decoded status list (draft-ietf-oauth-status-list §4.1): <c>bits</c> per entry (1, 2, 4 or 8), entries packed
/// least-significant-bit first, the byte array DEFLATE-compressed with the ZLIB format and base64url-encoded in <c>lst</c>.
/// </summary>
internal sealed class StatusListBits
{
    private readonly byte[] _bytes;

    private StatusListBits(int bits, byte[] bytes)
    {
        Bits = bits;
        _bytes = bytes;
    }

    public int Bits { get; }

    public long Count => _bytes.LongLength * 8 / Bits;

    public static TokenResult<StatusListBits> Decode(int bits, string lst, int maxBytes)
    {
        if (bits is not (1 or 2 or 4 or 8))
        {
            return Invalid("The status list bits value is not 1, 2, 4 or 8.");
        }

        var compressed = Jose.CompactJws.Decode(lst);
        if (compressed is null || compressed.Length == 0)
        {
            return Invalid("The status list lst is not base64url.");
        }

        try
        {
            using var input = new MemoryStream(compressed);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                // A small compressed list may inflate enormously: stop at the limit (decompression bomb).
                if (output.Length + read > maxBytes)
                {
                    return Invalid("The status list is larger than allowed.");
                }

                output.Write(buffer, 0, read);
            }

            return output.Length == 0 ? Invalid("The status list is empty.") : TokenResult<StatusListBits>.Success(new StatusListBits(bits, output.ToArray()));
        }
        catch (InvalidDataException)
        {
            return Invalid("The status list lst is not ZLIB data.");
        }
    }

    /// <summary>The status value at <paramref name="index"/>, or null when the index is outside the list.</summary>
    public int? ValueAt(int index)
    {
        if (index < 0 || index >= Count)
        {
            return null;
        }

        var bitOffset = (long)index * Bits;
        var value = _bytes[bitOffset / 8] >> (int)(bitOffset % 8);
        return value & ((1 << Bits) - 1);
    }

    private static TokenResult<StatusListBits> Invalid(string description) =>
        TokenResult<StatusListBits>.Failure(VerifierErrorCodes.StatusInvalid, description, "invalid_credential");
}
