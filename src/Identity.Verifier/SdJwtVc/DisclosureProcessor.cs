using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Results;
using Identity.Verifier.Jose;

namespace Identity.Verifier.SdJwtVc;

/// <summary>
/// Replaces digests in the issuer-signed payload by the presented disclosures (RFC 9901 §7.1 steps 3–5): every
/// disclosure must be referenced exactly once, no digest may appear twice, a disclosed name must not be <c>_sd</c> or
/// <c>...</c> nor overwrite a claim already present; unreferenced digests (decoys, undisclosed claims) are dropped.
/// </summary>
internal static class DisclosureProcessor
{
    private const int MaxDisclosures = 256;

    public static TokenResult<JsonObject> Process(JsonElement payload, IReadOnlyList<string> disclosures)
    {
        // RFC 9901 §4.1.1: _sd_alg absent means sha-256; only sha-256 is supported here.
        var sdAlg = CompactJws.GetString(payload, "_sd_alg");
        if (payload.TryGetProperty("_sd_alg", out _) && sdAlg != "sha-256")
        {
            return TokenResult<JsonObject>.Failure(VerifierErrorCodes.HashAlgorithmUnsupported, "Only sha-256 disclosure digests are supported.", "invalid_credential");
        }

        if (disclosures.Count > MaxDisclosures)
        {
            return Invalid("Too many disclosures.", $"{disclosures.Count} disclosures");
        }

        var byDigest = new Dictionary<string, Disclosure>(disclosures.Count, StringComparer.Ordinal);
        foreach (var encoded in disclosures)
        {
            var disclosure = Disclosure.TryParse(encoded);
            if (disclosure is null)
            {
                return Invalid("A disclosure is malformed.", "parse");
            }

            // §7.1 step 3.2: the digest is over the ASCII of the disclosure exactly as presented.
            if (!byDigest.TryAdd(Digest(encoded), disclosure))
            {
                return Invalid("A disclosure is presented twice.", "duplicate disclosure");
            }
        }

        var root = JsonObject.Create(payload);
        if (root is null)
        {
            return Invalid("The issuer-signed payload is not an object.", "payload");
        }

        var seenDigests = new HashSet<string>(StringComparer.Ordinal);
        var error = ProcessObject(root, byDigest, seenDigests, depth: 0);
        if (error is not null)
        {
            return error;
        }

        // §7.1 step 4: a disclosure the payload never references is refused.
        if (byDigest.Values.Any(d => !d.Used))
        {
            return TokenResult<JsonObject>.Failure(VerifierErrorCodes.DigestMismatch, "A disclosure does not match any digest of the credential.", "invalid_credential");
        }

        root.Remove("_sd_alg");
        return TokenResult<JsonObject>.Success(root);
    }

    public static string Digest(string encodedDisclosure)
    {
        Span<byte> hash = stackalloc byte[32];
        var ascii = Encoding.ASCII.GetBytes(encodedDisclosure);
        SHA256.HashData(ascii, hash);
        return Base64Url.EncodeToString(hash);
    }

    private static TokenError? ProcessObject(JsonObject node, Dictionary<string, Disclosure> byDigest, HashSet<string> seen, int depth)
    {
        if (depth > 16)
        {
            return new TokenError(VerifierErrorCodes.DisclosureInvalid, "The credential nests too deeply.", "invalid_credential");
        }

        foreach (var (_, value) in node.ToList())
        {
            if (ProcessValue(value, byDigest, seen, depth) is { } error)
            {
                return error;
            }
        }

        if (!node.TryGetPropertyValue("_sd", out var sd))
        {
            return null;
        }

        node.Remove("_sd");
        if (sd is not JsonArray digests)
        {
            return new TokenError(VerifierErrorCodes.DisclosureInvalid, "_sd is not an array.", "invalid_credential");
        }

        foreach (var digestNode in digests)
        {
            if (digestNode is not JsonValue digestValue || !digestValue.TryGetValue<string>(out var digest))
            {
                return new TokenError(VerifierErrorCodes.DisclosureInvalid, "An _sd entry is not a string.", "invalid_credential");
            }

            // §7.1 step 3.3: a digest that appears more than once makes the SD-JWT invalid.
            if (!seen.Add(digest))
            {
                return new TokenError(VerifierErrorCodes.DisclosureInvalid, "A digest appears twice.", "invalid_credential");
            }

            if (!byDigest.TryGetValue(digest, out var disclosure))
            {
                continue;
            }

            if (disclosure.Name is null || disclosure.Name is "_sd" or "..." || node.ContainsKey(disclosure.Name))
            {
                return new TokenError(VerifierErrorCodes.DisclosureInvalid, "A disclosure has a reserved, missing or already present claim name.", "invalid_credential");
            }

            disclosure.Used = true;
            var value = disclosure.Value?.DeepClone();
            if (ProcessValue(value, byDigest, seen, depth + 1) is { } error)
            {
                return error;
            }

            node[disclosure.Name] = value;
        }

        return null;
    }

    private static TokenError? ProcessValue(JsonNode? value, Dictionary<string, Disclosure> byDigest, HashSet<string> seen, int depth) => value switch
    {
        JsonObject obj => ProcessObject(obj, byDigest, seen, depth + 1),
        JsonArray array => ProcessArray(array, byDigest, seen, depth + 1),
        _ => null,
    };

    private static TokenError? ProcessArray(JsonArray array, Dictionary<string, Disclosure> byDigest, HashSet<string> seen, int depth)
    {
        for (var i = 0; i < array.Count; i++)
        {
            // §4.2.4.2: an array element {"...": digest} stands for a disclosed element or a decoy.
            if (array[i] is JsonObject { Count: 1 } element && element.TryGetPropertyValue("...", out var digestNode))
            {
                if (digestNode is not JsonValue digestValue || !digestValue.TryGetValue<string>(out var digest) || !seen.Add(digest))
                {
                    return new TokenError(VerifierErrorCodes.DisclosureInvalid, "An array digest is malformed or repeated.", "invalid_credential");
                }

                if (!byDigest.TryGetValue(digest, out var disclosure))
                {
                    array.RemoveAt(i--);
                    continue;
                }

                if (disclosure.Name is not null)
                {
                    return new TokenError(VerifierErrorCodes.DisclosureInvalid, "An array element disclosure has a claim name.", "invalid_credential");
                }

                disclosure.Used = true;
                var value = disclosure.Value?.DeepClone();
                if (ProcessValue(value, byDigest, seen, depth + 1) is { } error)
                {
                    return error;
                }

                array[i] = value;
                continue;
            }

            if (ProcessValue(array[i], byDigest, seen, depth) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private static TokenResult<JsonObject> Invalid(string description, string detail) =>
        TokenResult<JsonObject>.Failure(VerifierErrorCodes.DisclosureInvalid, description, "invalid_credential", detail);

    /// <summary>A decoded disclosure: <c>[salt, name, value]</c> for an object property or <c>[salt, value]</c> for an array element (§4.2.1, §4.2.2).</summary>
    private sealed class Disclosure
    {
        public string? Name { get; private init; }

        public JsonNode? Value { get; private init; }

        public bool Used { get; set; }

        public static Disclosure? TryParse(string encoded)
        {
            if (encoded.Length == 0 || encoded.Length > 16 * 1024)
            {
                return null;
            }

            var bytes = CompactJws.Decode(encoded);
            if (bytes is null)
            {
                return null;
            }

            try
            {
                if (JsonNode.Parse(bytes, documentOptions: JsonLimits.DocumentOptions) is not JsonArray array
                    || array.Count is not (2 or 3) || array[0] is not JsonValue salt || !salt.TryGetValue<string>(out _))
                {
                    return null;
                }

                if (array.Count == 2)
                {
                    return new Disclosure { Value = array[1]?.DeepClone() };
                }

                return array[1] is JsonValue name && name.TryGetValue<string>(out var claimName)
                    ? new Disclosure { Name = claimName, Value = array[2]?.DeepClone() }
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
