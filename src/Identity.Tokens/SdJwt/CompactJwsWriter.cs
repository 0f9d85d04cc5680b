using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwt;

/// <summary>
/// Writes a compact JWS (RFC 7515 §7.1) over a payload that is already JSON: protected header <c>alg</c>, <c>kid</c> (when the key
/// has one) and <c>typ</c>, signed with the key's <see cref="SignatureProvider"/> from its <see cref="CryptoProviderFactory"/> (so
/// EdDSA goes through the same plug-in as everywhere else). It skips the token handler's round trip of the payload through its own
/// JSON model, which cost more than the ES256 signature itself when issuing credentials (docs/performance.md).
/// </summary>
internal static class CompactJwsWriter
{
    private static readonly JsonWriterOptions HeaderWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Sign(ReadOnlySpan<byte> payloadJson, SigningCredentials credentials, string type)
    {
        var key = credentials.Key;
        var algorithm = credentials.Algorithm;
        var header = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(header, HeaderWriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", algorithm);
            if (!string.IsNullOrEmpty(key.KeyId))
            {
                writer.WriteString("kid", key.KeyId);
            }

            writer.WriteString("typ", type);
            writer.WriteEndObject();
        }

        // RFC 7515 §5.1 steps 4-6: ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).
        var headerLength = Base64Url.GetEncodedLength(header.WrittenCount);
        var input = new byte[headerLength + 1 + Base64Url.GetEncodedLength(payloadJson.Length)];
        Base64Url.EncodeToUtf8(header.WrittenSpan, input);
        input[headerLength] = (byte)'.';
        Base64Url.EncodeToUtf8(payloadJson, input.AsSpan(headerLength + 1));

        var factory = key.CryptoProviderFactory ?? CryptoProviderFactory.Default;
        var provider = factory.CreateForSigning(key, algorithm);
        byte[] signature;
        try
        {
            signature = provider.Sign(input);
        }
        finally
        {
            factory.ReleaseSignatureProvider(provider);
        }

        return string.Concat(Encoding.ASCII.GetString(input), ".", Base64Url.EncodeToString(signature));
    }
}
