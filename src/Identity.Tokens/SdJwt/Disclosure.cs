using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.Tokens.SdJwt;

/// <summary>
/// One parsed Disclosure (RFC 9901 §4.2): <c>[salt, name, value]</c> for an object property (§4.2.1) or
/// <c>[salt, value]</c> for an array element (§4.2.2), with its digest (§4.2.3).
/// </summary>
internal sealed class Disclosure
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private Disclosure(string encoded, string digest, string? name, JsonNode? value)
    {
        Encoded = encoded;
        Digest = digest;
        Name = name;
        Value = value;
    }

    /// <summary>The base64url form exactly as received or issued; the digest is over these characters.</summary>
    public string Encoded { get; }

    public string Digest { get; }

    /// <summary>The claim name; null for an array element Disclosure.</summary>
    public string? Name { get; }

    public bool IsArrayElement => Name is null;

    /// <summary>The claim value (detached from the parsed array so it can be inserted once into the payload).</summary>
    public JsonNode? Value { get; private set; }

    /// <summary>Takes the value for insertion; each Disclosure is inserted at most once (§7.1 step 4 refuses a second reference).</summary>
    public JsonNode? TakeValue()
    {
        var value = Value;
        Value = null;
        return value;
    }

    /// <summary>Creates a Disclosure whose salt is <paramref name="salt"/>: 128 bits the caller drew from a CSPRNG (RFC 9901 §9.3).</summary>
    public static Disclosure Create(string? name, JsonNode? value, ReadOnlySpan<byte> salt)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(Base64Url.EncodeToString(salt));
            if (name is not null)
            {
                writer.WriteStringValue(name);
            }

            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        var encoded = Base64Url.EncodeToString(buffer.WrittenSpan);
        return new Disclosure(encoded, SdJwtEncoding.DigestOfAscii(encoded), name, value);
    }

    /// <summary>
    /// Parses a Disclosure. Refuses anything that is not a JSON array of 2 or 3 elements with a string salt
    /// (and a string claim name for 3 elements): §7.1 step 3.3.2.1 and 3.3.3.1.
    /// </summary>
    public static bool TryParse(string encoded, int maxDepth, out Disclosure? disclosure) => TryParse(encoded, maxDepth, out disclosure, out _);

    /// <inheritdoc cref="TryParse(string, int, out Disclosure?)"/>
    public static bool TryParse(string encoded, int maxDepth, out Disclosure? disclosure, out bool tooDeep)
    {
        disclosure = null;
        tooDeep = false;
        if (!SdJwtEncoding.TryDecode(encoded, out var json))
        {
            return false;
        }

        JsonArray array;
        try
        {
            if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false }) is not JsonArray parsed)
            {
                return false;
            }

            array = parsed;
        }
        catch (JsonException)
        {
            tooDeep = SdJwtEncoding.IsTooDeep(json, maxDepth);
            return false;
        }

        if (array.Count is not (2 or 3) || array[0] is not JsonValue salt || salt.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        string? name = null;
        if (array.Count == 3)
        {
            if (array[1] is not JsonValue nameNode || nameNode.GetValueKind() != JsonValueKind.String)
            {
                return false;
            }

            name = nameNode.GetValue<string>();
        }

        var value = array[^1];
        array.RemoveAt(array.Count - 1);
        disclosure = new Disclosure(encoded, SdJwtEncoding.DigestOfAscii(encoded), name, value);
        return true;
    }
}
