using System.IO.Compression;
using Identity.Tokens.StatusList;
using Identity.Tokens.Tests.Jose;
using Microsoft.IdentityModel.Tokens;
using static Identity.Tokens.Tests.StatusList.StatusListAssertions;

namespace Identity.Tokens.Tests.StatusList;

public class StatusListDecodingLimitTests
{
    private const string Section4Lst = "eNrbuRgAAhcBXQ";

    [Fact]
    public void Zlib_bomb_fails_cleanly_with_too_large()
    {
        // 64 MiB of zeros compress to about 64 KB: well within the compressed limit, far beyond the 16 MiB decompressed one.
        var bomb = ZlibOf(new byte[64 * 1024 * 1024]);
        Assert.True(bomb.Length < StatusListLimits.Default.MaxCompressedBytes);

        var result = TokenStatusList.Decode(Base64UrlEncoder.Encode(bomb), 1);

        AssertCode(result.Error, StatusListErrorCodes.TooLarge);
    }

    [Fact]
    public void Decompressed_size_limit_is_configurable()
    {
        var lst = new TokenStatusList(8 * 2048, 1).Encode();

        AssertCode(TokenStatusList.Decode(lst, 1, new StatusListLimits { MaxDecompressedBytes = 2047 }).Error, StatusListErrorCodes.TooLarge);
        Assert.True(TokenStatusList.Decode(lst, 1, new StatusListLimits { MaxDecompressedBytes = 2048 }).IsSuccess);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Limits_refuse_nonsensical_values(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatusListLimits { MaxDecompressedBytes = value });
        Assert.Throws<ArgumentOutOfRangeException>(() => new StatusListLimits { MaxCompressedBytes = value });
    }

    [Fact]
    public void Compressed_input_beyond_the_limit_is_refused_before_decompression()
    {
        var lst = new TokenStatusList(8 * 2048, 1).Encode();

        AssertCode(TokenStatusList.Decode(lst, 1, new StatusListLimits { MaxCompressedBytes = 8 }).Error, StatusListErrorCodes.TooLarge);
    }

    [Theory]
    [InlineData("")]
    [InlineData("eNrbuRgAAhcBXQ==")]
    [InlineData("eNrbuRgAAhcB XQ")]
    [InlineData("eNrb+RgAAhcBXQ")]
    public void Refuses_lst_that_is_not_base64url(string lst)
        => AssertCode(TokenStatusList.Decode(lst, 1).Error, StatusListErrorCodes.Malformed);

    [Fact]
    public void Refuses_null_lst() => AssertCode(TokenStatusList.Decode(null, 1).Error, StatusListErrorCodes.Malformed);

    [Fact]
    public void Refuses_bytes_that_are_not_zlib()
        => AssertCode(TokenStatusList.Decode(Base64UrlEncoder.Encode("not a zlib stream at all"), 1).Error, StatusListErrorCodes.Malformed);

    [Fact]
    public void Refuses_raw_deflate_without_zlib_header()
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write([0xB9, 0xA3]);
        }

        AssertCode(TokenStatusList.Decode(Base64UrlEncoder.Encode(output.ToArray()), 1).Error, StatusListErrorCodes.Malformed);
    }

    [Fact]
    public void Refuses_truncated_zlib_stream()
    {
        var bytes = Base64UrlEncoder.DecodeBytes(new TokenStatusList(100_000, 1).Encode());

        AssertCode(TokenStatusList.Decompress(bytes.AsSpan(0, bytes.Length - 3), 1).Error, StatusListErrorCodes.Malformed);
    }

    [Fact]
    public void Refuses_zlib_stream_with_bad_checksum()
    {
        var bytes = Base64UrlEncoder.DecodeBytes(Section4Lst);
        bytes[^1] ^= 0x01;

        AssertCode(TokenStatusList.Decompress(bytes, 1).Error, StatusListErrorCodes.Malformed);
    }

    [Fact]
    public void Refuses_zlib_stream_with_trailing_data()
    {
        var bytes = Base64UrlEncoder.DecodeBytes(Section4Lst).Concat(new byte[] { 0, 0, 0, 0 }).ToArray();

        AssertCode(TokenStatusList.Decompress(bytes, 1).Error, StatusListErrorCodes.Malformed);
    }

    [Fact]
    public void Refuses_zlib_stream_with_preset_dictionary_flag()
    {
        // CMF 0x78, FLG with FDICT set and a valid FCHECK (0x78BB % 31 == 0).
        AssertCode(TokenStatusList.Decompress([0x78, 0xBB, 0, 0, 0, 0, 0, 1], 1).Error, StatusListErrorCodes.Malformed);
    }

    internal static byte[] ZlibOf(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}
