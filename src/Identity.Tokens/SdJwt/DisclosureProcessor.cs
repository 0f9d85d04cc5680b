using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Results;

namespace Identity.Tokens.SdJwt;

/// <summary>
/// RFC 9901 §7.1 step 3 to 5: replaces embedded digests by the values of the matching Disclosures, recursively,
/// removes <c>_sd</c>, <c>_sd_alg</c> and unmatched digests, and refuses every structural violation.
/// Works in place on a payload the caller owns.
/// </summary>
internal sealed class DisclosureProcessor
{
    internal const string SdKey = "_sd";
    internal const string EllipsisKey = "...";
    internal const string SdAlgKey = "_sd_alg";

    private readonly Dictionary<string, Disclosure> _byDigest;
    private readonly HashSet<string> _seenDigests = new(StringComparer.Ordinal);
    private readonly int _maxDepth;
    private readonly List<ProcessedDisclosure> _used = [];

    private DisclosureProcessor(Dictionary<string, Disclosure> byDigest, int maxDepth)
    {
        _byDigest = byDigest;
        _maxDepth = maxDepth;
    }

    /// <summary>A Disclosure that was referenced, where its claim landed, and the Disclosure that contained its digest.</summary>
    internal sealed record ProcessedDisclosure(Disclosure Disclosure, ClaimPath Path, Disclosure? Parent);

    internal sealed record Output(JsonObject Payload, IReadOnlyList<ProcessedDisclosure> Disclosures);

    /// <summary>Parses the Disclosures, then processes <paramref name="payload"/> (modified in place).</summary>
    public static TokenResult<Output> Process(JsonObject payload, IReadOnlyList<string> encodedDisclosures, SdJwtLimits limits)
    {
        // §4.1.1 / §7.1 step 2.4: _sd_alg absent means sha-256; anything else is not understood.
        if (payload.TryGetPropertyValue(SdAlgKey, out var sdAlg))
        {
            if (sdAlg is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>() != SdJwtEncoding.Sha256)
            {
                return Fail(SdJwtErrorCodes.SdAlgUnsupported, "The _sd_alg hash algorithm is not supported; only sha-256 is.");
            }

            payload.Remove(SdAlgKey);
        }

        // §7.1 step 3.1: digest of each Disclosure. The same Disclosure twice is refused (§4: MUST NOT send more than once).
        var byDigest = new Dictionary<string, Disclosure>(encodedDisclosures.Count, StringComparer.Ordinal);
        foreach (var encoded in encodedDisclosures)
        {
            if (!Disclosure.TryParse(encoded, limits.MaxDepth, out var disclosure, out var tooDeep))
            {
                return tooDeep
                    ? Fail(SdJwtErrorCodes.TooLarge, "A Disclosure is nested too deeply.")
                    : Fail(SdJwtErrorCodes.DisclosureMalformed, "A Disclosure is not a base64url-encoded JSON array of [salt, name, value] or [salt, value].");
            }

            if (!byDigest.TryAdd(disclosure!.Digest, disclosure))
            {
                return Fail(SdJwtErrorCodes.DuplicateDisclosure, "The same Disclosure is present more than once.");
            }
        }

        var processor = new DisclosureProcessor(byDigest, limits.MaxDepth);
        var error = processor.ProcessObject(payload, ClaimPath.Root, null, 1);
        if (error is not null)
        {
            return error;
        }

        // §7.1 step 5: every Disclosure must be referenced, directly or through another Disclosure.
        if (processor._used.Count != byDigest.Count)
        {
            return Fail(SdJwtErrorCodes.DigestMismatch, "A Disclosure is not referenced by any digest in the Issuer-signed JWT.");
        }

        return TokenResult<Output>.Success(new Output(payload, processor._used));
    }

    private TokenError? ProcessObject(JsonObject obj, ClaimPath path, Disclosure? context, int depth)
    {
        if (depth > _maxDepth)
        {
            return new TokenError(SdJwtErrorCodes.TooLarge, "The payload is nested too deeply.");
        }

        Dictionary<string, Disclosure>? inserted = null;
        if (obj.TryGetPropertyValue(SdKey, out var sdNode))
        {
            // §4.2.4.1: _sd MUST refer to an array of strings.
            if (sdNode is not JsonArray sd)
            {
                return new TokenError(SdJwtErrorCodes.Malformed, "An _sd member is not an array of digests.");
            }

            obj.Remove(SdKey);
            foreach (var item in sd)
            {
                if (item is not JsonValue digestNode || digestNode.GetValueKind() != JsonValueKind.String)
                {
                    return new TokenError(SdJwtErrorCodes.Malformed, "An _sd member contains something other than a digest string.");
                }

                var digest = digestNode.GetValue<string>();
                var error = RecordDigest(digest);
                if (error is not null)
                {
                    return error;
                }

                if (!_byDigest.TryGetValue(digest, out var disclosure))
                {
                    continue; // §7.1 step 3.3.1: no Disclosure (decoy or undisclosed): ignore.
                }

                // §7.1 step 3.3.2.1: a digest in _sd needs a three-element Disclosure.
                if (disclosure.IsArrayElement)
                {
                    return new TokenError(SdJwtErrorCodes.DisclosureKindMismatch, "An array element Disclosure is referenced from an object's _sd.");
                }

                // §7.1 step 3.3.2.2: _sd and ... are not claim names.
                if (disclosure.Name is SdKey or EllipsisKey)
                {
                    return new TokenError(SdJwtErrorCodes.ClaimNameInvalid, "A Disclosure uses the reserved claim name _sd or ....");
                }

                // §7.1 step 3.3.2.3: the claim name must not already exist at this level.
                if (obj.ContainsKey(disclosure.Name!))
                {
                    return new TokenError(SdJwtErrorCodes.ClaimCollision, "A Disclosure's claim name already exists at its level.");
                }

                obj[disclosure.Name!] = disclosure.TakeValue();
                (inserted ??= new(StringComparer.Ordinal))[disclosure.Name!] = disclosure;
                _used.Add(new ProcessedDisclosure(disclosure, path.Property(disclosure.Name!), context));
            }
        }

        // §7.1 step 3.3.2.5: recurse into every value, permanently disclosed or just inserted.
        foreach (var (name, value) in obj.ToArray())
        {
            if (value is not (JsonObject or JsonArray))
            {
                continue; // scalars hold no digests; skip building their path
            }

            var childContext = inserted is not null && inserted.TryGetValue(name, out var revealedBy) ? revealedBy : context;
            var error = ProcessChild(value, path.Property(name), childContext, depth);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private TokenError? ProcessArray(JsonArray array, ClaimPath path, Disclosure? context, int depth)
    {
        if (depth > _maxDepth)
        {
            return new TokenError(SdJwtErrorCodes.TooLarge, "The payload is nested too deeply.");
        }

        var items = new List<JsonNode?>(array.Count);
        var fromDisclosure = new List<Disclosure?>(array.Count);
        foreach (var element in array)
        {
            if (element is JsonObject candidate && candidate.TryGetPropertyValue(EllipsisKey, out var digestNode))
            {
                // §4.2.4.2: {"...": "<digest>"} with no other key.
                if (candidate.Count != 1 || digestNode is not JsonValue dv || dv.GetValueKind() != JsonValueKind.String)
                {
                    return new TokenError(SdJwtErrorCodes.Malformed, "An array element digest object is not of the form {\"...\": digest}.");
                }

                var digest = dv.GetValue<string>();
                var error = RecordDigest(digest);
                if (error is not null)
                {
                    return error;
                }

                if (!_byDigest.TryGetValue(digest, out var disclosure))
                {
                    continue; // §7.1 step 3.4: remove elements whose digest has no Disclosure.
                }

                // §7.1 step 3.3.3.1: a digest in an array needs a two-element Disclosure.
                if (!disclosure.IsArrayElement)
                {
                    return new TokenError(SdJwtErrorCodes.DisclosureKindMismatch, "An object property Disclosure is referenced from an array element.");
                }

                items.Add(disclosure.TakeValue());
                fromDisclosure.Add(disclosure);
                _used.Add(new ProcessedDisclosure(disclosure, path.Element(items.Count - 1), context));
            }
            else
            {
                items.Add(element);
                fromDisclosure.Add(null);
            }
        }

        array.Clear();
        foreach (var item in items)
        {
            array.Add(item);
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not (JsonObject or JsonArray))
            {
                continue;
            }

            var error = ProcessChild(items[i], path.Element(i), fromDisclosure[i] ?? context, depth);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private TokenError? ProcessChild(JsonNode? value, ClaimPath path, Disclosure? context, int depth) => value switch
    {
        JsonObject child => ProcessObject(child, path, context, depth + 1),
        JsonArray child => ProcessArray(child, path, context, depth + 1),
        _ => null,
    };

    /// <summary>§7.1 step 4: a digest may appear only once in the whole payload, Disclosures included.</summary>
    private TokenError? RecordDigest(string digest)
        => _seenDigests.Add(digest) ? null : new TokenError(SdJwtErrorCodes.DuplicateDigest, "A digest appears more than once in the SD-JWT.");

    private static TokenError Fail(string code, string description) => new(code, description);
}
