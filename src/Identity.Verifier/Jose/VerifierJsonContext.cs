using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Identity.Verifier.Jose;

/// <summary>Source-generated JSON metadata, so the SDK needs no reflection-based serialization.</summary>
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class VerifierJsonContext : JsonSerializerContext;
