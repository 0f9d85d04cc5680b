using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Identity.Verifier.Jose;

/// <summary>Source-generated JSON metadata, so the SDK needs no reflection-based serialization.</summary>
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class VerifierJsonContext : JsonSerializerContext
{
    /// <summary>For JSON that is URL-encoded afterwards: no needless \u escapes of '+' or non-ASCII letters.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
