using System.Buffers.Text;

namespace Identity.Tokens.Jose;

/// <summary>Strict base64url (RFC 7515 §2): alphabet <c>A-Z a-z 0-9 - _</c>, no padding, no whitespace.</summary>
internal static class Base64UrlText
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_'))
            {
                return false;
            }
        }

        // A length of 1 mod 4 cannot come from any byte string.
        if (text.Length % 4 == 1)
        {
            return false;
        }

        try
        {
            var decoded = Base64Url.DecodeFromChars(text);

            // Refuse non-canonical text (stray bits in the last character) so one key has one encoding.
            if (!string.Equals(Base64Url.EncodeToString(decoded), text, StringComparison.Ordinal))
            {
                return false;
            }

            bytes = decoded;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
