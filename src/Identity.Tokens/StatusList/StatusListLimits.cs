namespace Identity.Tokens.StatusList;

/// <summary>
/// Size limits applied when decoding a status list, so that a hostile <c>lst</c> (for instance a zlib bomb that inflates
/// a few kilobytes into gigabytes) fails with <see cref="StatusListErrorCodes.TooLarge"/> instead of exhausting memory.
/// </summary>
public sealed class StatusListLimits
{
    /// <summary>The defaults: 4 MiB compressed, 16 MiB decompressed (134,217,728 one-bit entries).</summary>
    public static StatusListLimits Default { get; } = new();

    /// <summary>Largest accepted compressed byte array (after base64url decoding). Default 4 MiB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero, a negative value, or more than 1 GiB.</exception>
    public int MaxCompressedBytes
    {
        get;
        init => field = Checked(value);
    } = 4 * 1024 * 1024;

    /// <summary>Largest accepted decompressed byte array. Decompression stops as soon as it would pass this. Default 16 MiB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero, a negative value, or more than 1 GiB.</exception>
    public int MaxDecompressedBytes
    {
        get;
        init => field = Checked(value);
    } = 16 * 1024 * 1024;

    private static int Checked(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1024 * 1024 * 1024);
        return value;
    }
}
