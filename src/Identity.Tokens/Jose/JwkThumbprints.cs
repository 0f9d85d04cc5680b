using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Identity.Tokens.Jose;

/// <summary>RFC 7638 §3.2 canonical JSON: required members only, in lexicographic order, no whitespace.</summary>
internal static class JwkThumbprints
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // RFC 7638 §3.2 for EC (crv, kty, x, y); RFC 8037 §2 for OKP (crv, kty, x); RFC 7638 §3.1 for RSA (e, kty, n).
    public static string CanonicalEc(string crv, string x, string y) => Write(("crv", crv), ("kty", "EC"), ("x", x), ("y", y));

    public static string CanonicalOkp(string x) => Write(("crv", "Ed25519"), ("kty", "OKP"), ("x", x));

    public static string CanonicalOkp(string crv, string x) => Write(("crv", crv), ("kty", "OKP"), ("x", x));

    public static string CanonicalRsa(string e, string n) => Write(("e", e), ("kty", "RSA"), ("n", n));

    private static string Write(params (string Name, string Value)[] members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
