using System.Text.Json.Nodes;
using Identity.Tokens.Results;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Tokens.SdJwt;

/// <summary>Checks a profile (plain SD-JWT, SD-JWT VC) adds to the processed payload, before Key Binding.</summary>
internal delegate TokenError? PayloadRule(JsonObject payload, IReadOnlyList<DisclosureProcessor.ProcessedDisclosure> disclosures, DateTimeOffset now, TimeSpan clockSkew);

/// <summary>What differs between plain SD-JWT and SD-JWT VC verification.</summary>
internal sealed record SdJwtProfile(IReadOnlyCollection<string>? AcceptedTypes, string TypErrorCode, PayloadRule PayloadRule);

/// <summary>
/// The verification flow of RFC 9901 §7.1 and §7.3, as one ordered list of named steps. Each step returns null to continue
/// or an error that ends the flow; the result starts as a failure (fail closed).
/// </summary>
internal sealed class SdJwtPresentationValidator(SdJwtVerificationOptions options, SdJwtProfile profile, TimeProvider time)
{
    private SdJwtCompact _compact = null!;
    private CompactJws _issuerJwt = null!;
    private JsonObject _payload = null!;
    private IReadOnlyList<DisclosureProcessor.ProcessedDisclosure> _disclosures = [];
    private KeyBindingValidator.Result? _keyBinding;

    public async Task<TokenResult<SdJwtVerifiedPresentation>> RunAsync(string presentation, CancellationToken cancellationToken)
    {
        var error = ParseCompact(presentation)            // §4 format, size limits
            ?? ValidateKeyBindingPresence()               // §7.3 steps 1-2
            ?? ReadIssuerJwt()                            // §7.1 step 1
            ?? DecodeIssuerPayload()                      // §4.1, parsed once (unverified until the signature step)
            ?? ValidateIssuerAlgorithm()                  // §7.1 step 2.1, RFC 8725 §3.1
            ?? ValidateIssuerType()                       // §9.11 explicit typing
            ?? await VerifyIssuerSignatureAsync(cancellationToken).ConfigureAwait(false) // §7.1 steps 2.2-2.3
            ?? ProcessDisclosures()                       // §7.1 steps 2.4, 3, 4, 5
            ?? ValidatePayload()                          // §7.1 step 6 and profile rules
            ?? ValidateKeyBinding();                      // §7.3 step 5

        if (error is not null)
        {
            return error;
        }

        var paths = new ClaimPath[_disclosures.Count];
        for (var i = 0; i < paths.Length; i++)
        {
            paths[i] = _disclosures[i].Path;
        }

        return TokenResult<SdJwtVerifiedPresentation>.Success(new SdJwtVerifiedPresentation(
            _payload, paths, _issuerJwt.Algorithm, _issuerJwt.Type, _keyBinding?.HolderKey, _keyBinding?.IssuedAt));
    }

    private TokenError? ParseCompact(string presentation)
    {
        var parsed = SdJwtCompact.Parse(presentation, options.Limits);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        _compact = parsed.Value;
        return null;
    }

    private TokenError? ValidateKeyBindingPresence()
        => options.RequireKeyBinding && _compact.KeyBindingJwt is null
            ? new TokenError(SdJwtErrorCodes.KbJwtMissing, "Key Binding is required but the presentation has no Key Binding JWT.")
            : null;

    private TokenError? ReadIssuerJwt()
    {
        _issuerJwt = CompactJws.TryParse(_compact.IssuerJwt)!;
        return _issuerJwt is null ? new TokenError(SdJwtErrorCodes.Malformed, "The Issuer-signed JWT cannot be read.") : null;
    }

    private TokenError? DecodeIssuerPayload()
    {
        var payload = IssuerPayload.Decode(_issuerJwt.EncodedPayload, options.Limits);
        if (!payload.IsSuccess)
        {
            return payload.Error;
        }

        _payload = payload.Value;
        return null;
    }

    private TokenError? ValidateIssuerAlgorithm()
        => SdJwtVerificationOptions.IsAllowed(_issuerJwt.Algorithm, options.IssuerAlgorithms)
            ? null
            : new TokenError(SdJwtErrorCodes.AlgNotAllowed, "The Issuer-signed JWT algorithm is not allowed.", null, $"alg '{_issuerJwt.Algorithm}'");

    private TokenError? ValidateIssuerType()
        => profile.AcceptedTypes is null || profile.AcceptedTypes.Contains(_issuerJwt.Type, StringComparer.Ordinal)
            ? null
            : new TokenError(profile.TypErrorCode, "The Issuer-signed JWT typ is not accepted.", null, $"typ '{_issuerJwt.Type}'");

    private async ValueTask<TokenError?> VerifyIssuerSignatureAsync(CancellationToken cancellationToken)
    {
        var keys = options.IssuerSigningKeys;
        if (keys is null)
        {
            var issuer = _payload["iss"] is JsonValue iss && iss.TryGetValue<string>(out var value) ? value : null;
            if (options.IssuerKeyResolver is { } resolver)
            {
                keys = await resolver(new IssuerKeyContext(issuer, _issuerJwt.KeyId, _issuerJwt.Algorithm), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var resolved = await options.IssuerKeyLookup!(new IssuerKeyRequest(issuer, _issuerJwt.KeyId, _issuerJwt.Algorithm, _issuerJwt.Header), cancellationToken).ConfigureAwait(false);
                if (resolved.Error is { } lookupError)
                {
                    return lookupError;
                }

                keys = resolved.Value;
            }
        }

        if (keys is null || keys.Count == 0)
        {
            return new TokenError(SdJwtErrorCodes.IssuerKeyNotFound, "No trusted key is known for this issuer.");
        }

        return _issuerJwt.VerifySignature(keys)
            ? null
            : new TokenError(SdJwtErrorCodes.SignatureInvalid, "The Issuer-signed JWT signature does not verify with any trusted issuer key.");
    }

    private TokenError? ProcessDisclosures()
    {
        var processed = DisclosureProcessor.Process(_payload, _compact.Disclosures, options.Limits);
        if (!processed.IsSuccess)
        {
            return processed.Error;
        }

        _disclosures = processed.Value.Disclosures;
        return null;
    }

    private TokenError? ValidatePayload() => profile.PayloadRule(_payload, _disclosures, time.GetUtcNow(), options.ClockSkew);

    private TokenError? ValidateKeyBinding()
    {
        if (_compact.KeyBindingJwt is null)
        {
            return null;
        }

        var result = KeyBindingValidator.Validate(_compact, _payload, options, time);
        if (!result.IsSuccess)
        {
            return result.Error;
        }

        _keyBinding = result.Value;
        return null;
    }
}
