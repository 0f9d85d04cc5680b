using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Identity.Tokens.Results;

namespace Identity.Tokens.StatusList;

/// <summary>ZLIB (RFC 1950) around DEFLATE (RFC 1951), with a hard cap on inflated size.</summary>
internal static class StatusListCompression
{
    private const int ZlibHeaderLength = 2;
    private const int AdlerLength = 4;

    /// <summary>§4.1 step 4 RECOMMENDS the highest level available.</summary>
    public const int DefaultLevel = 9;

    public static byte[] Compress(ReadOnlySpan<byte> data, int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        using var output = new MemoryStream(Math.Max(256, data.Length / 8));
        using (var zlib = new ZLibStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    public static TokenResult<byte[]> Decompress(ReadOnlySpan<byte> compressed, int maxBytes)
    {
        if (compressed.Length < ZlibHeaderLength + AdlerLength || !IsZlibHeader(compressed[0], compressed[1]))
        {
            return Malformed("lst is not a ZLIB stream.");
        }

        // Inflate into pooled buffers that double up to the cap, so a bomb costs at most the cap and a normal list
        // costs one exact-size result array.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp((long)compressed.Length * 8, Math.Min(64 * 1024, (long)maxBytes + 1), (long)maxBytes + 1));
        try
        {
            var total = 0;
            using (var input = new MemoryStream(compressed.ToArray(), writable: false))
            using (var zlib = new ZLibStream(input, CompressionMode.Decompress))
            {
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        if (total > maxBytes)
                        {
                            return TooLarge();
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
                        buffer.AsSpan(0, total).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = zlib.Read(buffer, total, Math.Min(buffer.Length, maxBytes + 1) - total);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                    if (total > maxBytes)
                    {
                        return TooLarge();
                    }
                }
            }

            // RFC 1950 §2.2: the stream ends with the Adler-32 of the data; this also catches truncated or padded input.
            if (BinaryPrimitives.ReadUInt32BigEndian(compressed[^AdlerLength..]) != Adler32(buffer.AsSpan(0, total)))
            {
                return Malformed("lst has a bad ZLIB checksum or trailing data.");
            }

            return TokenResult<byte[]>.Success(buffer.AsSpan(0, total).ToArray());
        }
        catch (InvalidDataException e)
        {
            return Malformed("lst is not valid DEFLATE data.", e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // RFC 1950 §2.2: CM = 8 (deflate), CINFO <= 7, no preset dictionary, FCHECK makes CMF*256+FLG a multiple of 31.
    private static bool IsZlibHeader(byte cmf, byte flg)
        => (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && (flg & 0x20) == 0 && ((cmf << 8) | flg) % 31 == 0;

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        const int MaxBlock = 5552; // largest n keeping the sums below 2^32 (RFC 1950 §9)
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(MaxBlock, data.Length)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }

    private static TokenResult<byte[]> TooLarge()
        => TokenResult<byte[]>.Failure(StatusListErrorCodes.TooLarge, "The decompressed status list is larger than allowed.");

    private static TokenResult<byte[]> Malformed(string description, string? detail = null)
        => TokenResult<byte[]>.Failure(StatusListErrorCodes.Malformed, description, detail: detail);
}
