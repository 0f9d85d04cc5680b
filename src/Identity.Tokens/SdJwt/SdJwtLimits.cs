namespace Identity.Tokens.SdJwt;

/// <summary>
/// Size limits applied before any cryptography or JSON parsing, so that an oversized or deeply nested input is refused
/// cheaply with <c>SDJWT_TOO_LARGE</c>. The defaults fit identity credentials with a portrait and a few dozen claims.
/// </summary>
public sealed class SdJwtLimits
{
    /// <summary>Maximum length of the whole compact presentation, in characters. Default 256 KiB.</summary>
    public int MaxLength { get; init; } = 256 * 1024;

    /// <summary>Maximum number of Disclosures. Default 256.</summary>
    public int MaxDisclosures { get; init; } = 256;

    /// <summary>Maximum length of one encoded Disclosure, in characters. Default 96 KiB (room for a data-URI portrait).</summary>
    public int MaxDisclosureLength { get; init; } = 96 * 1024;

    /// <summary>Maximum JSON nesting depth of the payload and of every Disclosure, including depth gained through recursive Disclosures. Default 32.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>The default limits.</summary>
    public static SdJwtLimits Default { get; } = new();
}
