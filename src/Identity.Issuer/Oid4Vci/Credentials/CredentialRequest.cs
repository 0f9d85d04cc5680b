using System.Text.Json;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Tokens.Results;

namespace Identity.Issuer.Oid4Vci.Credentials;

/// <summary>A parsed credential request (OpenID4VCI §8.2): the configuration asked for and the <c>jwt</c> proofs.</summary>
internal sealed record CredentialRequest(string ConfigurationId, IReadOnlyList<string> JwtProofs)
{
    /// <summary>Parses the JSON body; every refusal carries the §8.3.1.2 error code.</summary>
    public static TokenResult<CredentialRequest> Parse(byte[] body, int batchSize)
    {
        // RFC 8259 §8.1: JSON exchanged between systems is UTF-8; invalid bytes inside a string would only fail when it is read.
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return Failure(Oid4VciErrorCodes.RequestMalformed, "The body is not UTF-8 JSON.", "invalid_credential_request");
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Failure(Oid4VciErrorCodes.RequestMalformed, "The body is not JSON.", "invalid_credential_request");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Failure(Oid4VciErrorCodes.RequestMalformed, "The body is not a JSON object.", "invalid_credential_request");
        }

        // §8.2: credential_identifier is only for authorization_details, which this issuer does not grant; the single "proof" of
        // earlier drafts is gone in 1.0.
        if (root.TryGetProperty("credential_identifier", out _) || root.TryGetProperty("proof", out _))
        {
            return Failure(Oid4VciErrorCodes.RequestMalformed, "Use credential_configuration_id and proofs.", "invalid_credential_request");
        }

        if (!root.TryGetProperty("credential_configuration_id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return Failure(Oid4VciErrorCodes.RequestMalformed, "credential_configuration_id is required.", "invalid_credential_request");
        }

        if (!string.Equals(id.GetString(), IdentityCredentialType.ConfigurationId, StringComparison.Ordinal))
        {
            return Failure(Oid4VciErrorCodes.ConfigurationUnknown, "This credential configuration is not offered.", "unknown_credential_configuration");
        }

        // §8.2: proofs is an object with one member, the proof type, whose value is a non-empty array.
        if (!root.TryGetProperty("proofs", out var proofs) || proofs.ValueKind != JsonValueKind.Object
            || !proofs.TryGetProperty("jwt", out var jwts) || jwts.ValueKind != JsonValueKind.Array || jwts.GetArrayLength() == 0)
        {
            return Failure(Oid4VciErrorCodes.ProofMissing, "A proofs object with a non-empty jwt array is required.", "invalid_proof");
        }

        if (proofs.EnumerateObject().Count() != 1)
        {
            return Failure(Oid4VciErrorCodes.ProofMissing, "Only the jwt proof type is supported.", "invalid_proof");
        }

        if (jwts.GetArrayLength() > batchSize)
        {
            return Failure(Oid4VciErrorCodes.ProofBatchTooLarge, $"At most {batchSize} proofs per request (batch_size).", "invalid_credential_request");
        }

        var list = new List<string>();
        foreach (var jwt in jwts.EnumerateArray())
        {
            if (jwt.ValueKind != JsonValueKind.String || jwt.GetString() is not { Length: > 0 } text)
            {
                return Failure(Oid4VciErrorCodes.ProofMalformed, "Each jwt proof is a string.", "invalid_proof");
            }

            list.Add(text);
        }

        return TokenResult<CredentialRequest>.Success(new CredentialRequest(IdentityCredentialType.ConfigurationId, list));
    }

    private static TokenResult<CredentialRequest> Failure(string code, string description, string specError)
        => TokenResult<CredentialRequest>.Failure(code, description, specError);
}
