using Identity.Tokens.Results;

namespace Identity.Tokens.SdJwt;

/// <summary>
/// The compact serialization split into its parts (RFC 9901 §4):
/// <c>&lt;Issuer-signed JWT&gt;~&lt;Disclosure 1&gt;~...~&lt;Disclosure N&gt;~[&lt;KB-JWT&gt;]</c>.
/// </summary>
internal sealed class SdJwtCompact
{
    private SdJwtCompact(string raw, string issuerJwt, IReadOnlyList<string> disclosures, string? keyBindingJwt, int sdJwtLength)
    {
        Raw = raw;
        IssuerJwt = issuerJwt;
        Disclosures = disclosures;
        KeyBindingJwt = keyBindingJwt;
        SdJwtLength = sdJwtLength;
    }

    public string Raw { get; }

    public string IssuerJwt { get; }

    public IReadOnlyList<string> Disclosures { get; }

    /// <summary>The KB-JWT, or null for an SD-JWT (empty last component).</summary>
    public string? KeyBindingJwt { get; }

    /// <summary>Length of the SD-JWT part, up to and including the last '~': the input of <c>sd_hash</c> (§4.3.1).</summary>
    public int SdJwtLength { get; }

    public ReadOnlySpan<char> SdJwtSpan => Raw.AsSpan(0, SdJwtLength);

    /// <summary>Splits and checks the characters and sizes. No JSON parsing and no cryptography happen here.</summary>
    public static TokenResult<SdJwtCompact> Parse(string? input, SdJwtLimits limits)
    {
        if (string.IsNullOrEmpty(input))
        {
            return Error(SdJwtErrorCodes.Malformed, "The presentation is empty.");
        }

        if (input.Length > limits.MaxLength)
        {
            return Error(SdJwtErrorCodes.TooLarge, "The presentation exceeds the maximum length.", $"length {input.Length} > {limits.MaxLength}");
        }

        // ABNF (§4): only base64url characters, '.' and '~'. This also makes the ASCII hashing of §4.2.3 / §4.3.1 exact.
        if (!SdJwtEncoding.IsPresentationText(input))
        {
            return Error(SdJwtErrorCodes.Malformed, "The presentation contains a character outside the SD-JWT alphabet.");
        }

        var lastTilde = input.LastIndexOf('~');
        var firstTilde = input.IndexOf('~');
        if (firstTilde <= 0)
        {
            return Error(SdJwtErrorCodes.Malformed, "The presentation has no '~' after the Issuer-signed JWT.");
        }

        var issuerJwt = input[..firstTilde];
        if (!IsJwsShape(issuerJwt))
        {
            return Error(SdJwtErrorCodes.Malformed, "The Issuer-signed JWT is not a compact JWS.");
        }

        var disclosures = new List<string>();
        var start = firstTilde + 1;
        while (start <= lastTilde)
        {
            var end = input.IndexOf('~', start);
            if (end == start)
            {
                return Error(SdJwtErrorCodes.Malformed, "The presentation contains an empty Disclosure.");
            }

            if (disclosures.Count == limits.MaxDisclosures)
            {
                return Error(SdJwtErrorCodes.TooLarge, "The presentation has too many Disclosures.", $"more than {limits.MaxDisclosures}");
            }

            if (end - start > limits.MaxDisclosureLength)
            {
                return Error(SdJwtErrorCodes.TooLarge, "A Disclosure exceeds the maximum length.", $"length {end - start} > {limits.MaxDisclosureLength}");
            }

            disclosures.Add(input[start..end]);
            start = end + 1;
        }

        string? kb = null;
        if (lastTilde < input.Length - 1)
        {
            kb = input[(lastTilde + 1)..];
            if (!IsJwsShape(kb))
            {
                return Error(SdJwtErrorCodes.Malformed, "The last component is neither empty nor a compact JWS.");
            }
        }

        return TokenResult<SdJwtCompact>.Success(new SdJwtCompact(input, issuerJwt, disclosures, kb, lastTilde + 1));
    }

    /// <summary>JWT = BASE64URL "." BASE64URL "." BASE64URL (§4 ABNF).</summary>
    internal static bool IsJwsShape(ReadOnlySpan<char> jwt)
    {
        var first = jwt.IndexOf('.');
        if (first <= 0)
        {
            return false;
        }

        var rest = jwt[(first + 1)..];
        var second = rest.IndexOf('.');
        return second > 0 && second < rest.Length - 1 && rest[(second + 1)..].IndexOf('.') < 0;
    }

    private static TokenError Error(string code, string description, string? detail = null) => new(code, description, null, detail);
}
