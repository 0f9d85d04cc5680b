using System.Buffers.Binary;
using System.IO.Compression;
using Identity.Tokens.Results;

namespace Identity.Tokens.StatusList;

/// <summary>ZLIB (RFC 1950) around DEFLATE (RFC 1951), with a hard cap on inflated size.</summary>
internal static class StatusListCompression
{
    private const int ZlibHeaderLength = 2;
    private const int AdlerLength = 4;

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(Math.Max(256, data.Length / 16));

        // §4.1 step 4: the highest compression level available.
        using (var zlib = new ZLibStream(output, new ZLibCompressionOptions { CompressionLevel = 9 }, leaveOpen: true))
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

        // Deflate cannot expand by more than about 1032:1, so start near a likely size and grow to the cap.
        var buffer = new byte[(int)Math.Clamp((long)compressed.Length * 64, 1024, (long)maxBytes + 1)];
        var total = 0;
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                    {
                        return TokenResult<byte[]>.Failure(StatusListErrorCodes.TooLarge, "The decompressed status list is larger than allowed.");
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
                }

                var read = zlib.Read(buffer, total, buffer.Length - total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (InvalidDataException e)
        {
            return Malformed("lst is not valid DEFLATE data.", e.Message);
        }

        if (total > maxBytes)
        {
            return TokenResult<byte[]>.Failure(StatusListErrorCodes.TooLarge, "The decompressed status list is larger than allowed.");
        }

        // RFC 1950 §2.2: the stream ends with the Adler-32 of the data; this also catches truncated or padded input.
        if (BinaryPrimitives.ReadUInt32BigEndian(compressed[^AdlerLength..]) != Adler32(buffer.AsSpan(0, total)))
        {
            return Malformed("lst has a bad ZLIB checksum or trailing data.");
        }

        return TokenResult<byte[]>.Success(total == buffer.Length ? buffer : buffer.AsSpan(0, total).ToArray());
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

    private static TokenResult<byte[]> Malformed(string description, string? detail = null)
        => TokenResult<byte[]>.Failure(StatusListErrorCodes.Malformed, description, detail: detail);
}
