using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Results;
using Identity.Tokens.SdJwt;

namespace Identity.Tokens.SdJwtVc;

/// <summary>
/// Verifies SD-JWT VC presentations (draft-ietf-oauth-sd-jwt-vc-19 §2.4): every RFC 9901 check, then the SD-JWT VC rules.
/// Returns the issuer, type, disclosed personal claims, status reference and holder key, or an error with a stable code.
/// </summary>
/// <remarks>
/// Steps, in order: ParseCompact, ValidateKeyBindingPresence, ReadIssuerJwt, DecodeIssuerPayload, ValidateIssuerAlgorithm,
/// ValidateTyp (§2.2.1), VerifyIssuerSignature, ProcessDisclosures (RFC 9901 §7.1), ValidateRegisteredClaimsNotDisclosed (§2.2.2.3),
/// ValidateIss, ValidateVct (§2.2.2.1), ValidateAkaVcts and ValidateAcceptedVct (§2.2.2.2), ValidateLifetime (nbf/exp),
/// ValidateCnf (§2.4), ValidateStatus (§2.2.2.3), then the Key Binding JWT checks of RFC 9901 §7.3.
/// </remarks>
public sealed class SdJwtVcVerifier(TimeProvider timeProvider)
{
    private readonly TimeProvider _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Verifies a presentation. Throws only on misconfigured <paramref name="options"/>.</summary>
    public async Task<TokenResult<SdJwtVcCredential>> VerifyAsync(string presentation, SdJwtVcVerificationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.AcceptedTypes is not null)
        {
            throw new InvalidOperationException("Leave AcceptedTypes unset for SD-JWT VC: the typ is dc+sd-jwt (or vc+sd-jwt with AcceptLegacyType).");
        }

        IReadOnlyCollection<string> types = options.AcceptLegacyType ? [SdJwtVcClaims.Type, SdJwtVcClaims.LegacyType] : [SdJwtVcClaims.Type];
        var profile = new SdJwtProfile(types, SdJwtVcErrorCodes.TypInvalid, (payload, disclosures, now, skew) => ValidateCredential(payload, disclosures, now, skew, options));
        var result = await new SdJwtPresentationValidator(options, profile, _time).RunAsync(presentation, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return result.Error;
        }

        var payload = result.Value.Payload;
        return TokenResult<SdJwtVcCredential>.Success(new SdJwtVcCredential(
            result.Value,
            payload["iss"]!.GetValue<string>(),
            payload["vct"]!.GetValue<string>(),
            ReadAkaVcts(payload) ?? [],
            ReadStatus(payload, out _),
            (payload["cnf"] as JsonObject)?["jwk"]?.DeepClone() as JsonObject));
    }

    private static TokenError? ValidateCredential(JsonObject payload, IReadOnlyList<DisclosureProcessor.ProcessedDisclosure> disclosures, DateTimeOffset now, TimeSpan skew, SdJwtVcVerificationOptions options)
        => ValidateRegisteredClaimsNotDisclosed(disclosures)
            ?? ValidateIss(payload)
            ?? ValidateVct(payload)
            ?? ValidateAkaVcts(payload)
            ?? ValidateAcceptedVct(payload, options)
            ?? JwtTime.Validate(payload, now, skew, SdJwtVcErrorCodes.Expired, SdJwtVcErrorCodes.NotYetValid)
            ?? ValidateCnf(payload, options)
            ?? ValidateStatus(payload);

    /// <summary>§2.2.2.3: iss, nbf, exp, cnf, vct, vct#integrity, aka_vcts, status and their sub-claims MUST NOT be disclosed.</summary>
    private static TokenError? ValidateRegisteredClaimsNotDisclosed(IReadOnlyList<DisclosureProcessor.ProcessedDisclosure> disclosures)
    {
        foreach (var disclosure in disclosures)
        {
            if (disclosure.Path.Segments[0] is string name && SdJwtVcClaims.NeverDisclosable.Contains(name))
            {
                return new TokenError(SdJwtVcErrorCodes.RegisteredClaimDisclosed, "A registered claim that must always be visible was selectively disclosed.", null, $"claim '{name}'");
            }
        }

        return null;
    }

    /// <summary>§2.2.2.3: iss identifies the issuer; this profile resolves keys by issuer, so it is required.</summary>
    private static TokenError? ValidateIss(JsonObject payload)
        => IsNonEmptyString(payload["iss"]) ? null : new TokenError(SdJwtVcErrorCodes.IssMissing, "The credential has no iss claim.");

    /// <summary>§2.2.2.1: vct is REQUIRED, a case-sensitive string.</summary>
    private static TokenError? ValidateVct(JsonObject payload)
        => IsNonEmptyString(payload["vct"]) ? null : new TokenError(SdJwtVcErrorCodes.VctMissing, "The credential has no vct claim.");

    /// <summary>§2.2.2.2: aka_vcts, when present, is a non-empty array of strings without the vct value.</summary>
    private static TokenError? ValidateAkaVcts(JsonObject payload)
        => !payload.ContainsKey("aka_vcts") || ReadAkaVcts(payload) is { Count: > 0 } aka && !aka.Contains(payload["vct"]!.GetValue<string>(), StringComparer.Ordinal)
            ? null
            : new TokenError(SdJwtVcErrorCodes.AkaVctsInvalid, "aka_vcts is not a non-empty array of types other than vct.");

    private static TokenError? ValidateAcceptedVct(JsonObject payload, SdJwtVcVerificationOptions options)
    {
        if (options.AcceptedVcts is null)
        {
            return null;
        }

        var types = (ReadAkaVcts(payload) ?? []).Prepend(payload["vct"]!.GetValue<string>());
        return types.Any(t => options.AcceptedVcts.Contains(t, StringComparer.Ordinal))
            ? null
            : new TokenError(SdJwtVcErrorCodes.VctNotAccepted, "The credential type is not one this verifier accepts.");
    }

    /// <summary>§2.2.2.3 and §2.4: Key Binding needs cnf.</summary>
    private static TokenError? ValidateCnf(JsonObject payload, SdJwtVcVerificationOptions options)
        => !options.RequireKeyBinding || payload["cnf"] is JsonObject { } cnf && cnf["jwk"] is JsonObject
            ? null
            : new TokenError(SdJwtVcErrorCodes.CnfMissing, "Key Binding is required but the credential has no cnf.jwk.");

    /// <summary>§2.2.2.3 and draft-ietf-oauth-status-list §6.2: status.status_list has a non-negative integer idx and a uri.</summary>
    private static TokenError? ValidateStatus(JsonObject payload)
    {
        ReadStatus(payload, out var valid);
        return valid ? null : new TokenError(SdJwtVcErrorCodes.StatusInvalid, "The status claim is malformed.");
    }

    private static SdJwtVcStatusReference? ReadStatus(JsonObject payload, out bool valid)
    {
        valid = true;
        if (!payload.TryGetPropertyValue("status", out var status))
        {
            return null;
        }

        if (status is not JsonObject statusObject)
        {
            valid = false;
            return null;
        }

        if (!statusObject.TryGetPropertyValue("status_list", out var list))
        {
            return null; // another status mechanism: not ours to read
        }

        if (list is JsonObject listObject && listObject["idx"] is JsonValue idx && idx.GetValueKind() == JsonValueKind.Number
            && idx.TryGetValue<long>(out var index) && index >= 0 && IsNonEmptyString(listObject["uri"]))
        {
            return new SdJwtVcStatusReference(index, listObject["uri"]!.GetValue<string>());
        }

        valid = false;
        return null;
    }

    private static List<string>? ReadAkaVcts(JsonObject payload)
    {
        if (payload["aka_vcts"] is not JsonArray array || array.Count == 0 || !array.All(IsNonEmptyString))
        {
            return null;
        }

        return [.. array.Select(v => v!.GetValue<string>())];
    }

    private static bool IsNonEmptyString(JsonNode? node)
        => node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0;
}
