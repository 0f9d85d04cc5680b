using System.Text.Json;

namespace Identity.Verifier.Jose;

/// <summary>JSON parsing limits for everything the verifier reads from the outside.</summary>
internal static class JsonLimits
{
    /// <summary>Shallow depth, and duplicate member names refused (RFC 7515 §5.2 step 4 allows rejecting them; ambiguity is an attack surface).</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };
}
