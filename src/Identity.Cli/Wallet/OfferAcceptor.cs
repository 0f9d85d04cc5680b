using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Cli.Wallet;

/// <summary>
/// Accepts a credential offer (OpenID4VCI 1.0) with the pre-authorized code grant: reads the offer (§4.1, by value or by
/// reference), the issuer's metadata (§12.2), the authorization server's metadata (RFC 8414), redeems the code with the
/// transaction code (§6.1), takes a c_nonce (§7), proves one fresh key per copy (Appendix F.1) and requests the batch (§8).
/// Every credential is then verified with the issuer's JWT VC Issuer Metadata keys and checked to be bound to its key before
/// anything is written.
/// </summary>
internal sealed class OfferAcceptor(WalletHttp http, TimeProvider time)
{
    public const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    public async Task<WalletCredential> AcceptAsync(string offerText, string? txCode, int copies, string algorithm, CancellationToken cancellationToken)
    {
        var offer = await ReadOfferAsync(offerText, cancellationToken).ConfigureAwait(false);
        var issuer = Text(offer, "credential_issuer", "the offer");
        var issuerUri = AbsoluteUri(issuer, "the offer's credential_issuer");
        http.CheckUrl(issuerUri, "credential issuer");
        var configurationId = (offer["credential_configuration_ids"] as JsonArray)?.FirstOrDefault() is JsonValue id && id.TryGetValue<string>(out var first)
            ? first : throw new WalletException("the offer has no credential_configuration_ids");
        var grant = offer["grants"]?[PreAuthorizedGrant] as JsonObject
            ?? throw new WalletException("the offer has no pre-authorized code grant (urn:ietf:params:oauth:grant-type:pre-authorized_code)");
        var code = Text(grant, "pre-authorized_code", "the offer's grant");
        CheckTxCode(grant["tx_code"] as JsonObject, txCode);

        var metadata = await http.GetJsonAsync(WellKnown(issuerUri, "openid-credential-issuer"), "the credential issuer metadata", cancellationToken).ConfigureAwait(false);
        if (metadata["credential_issuer"]?.GetValue<string>() != issuer)
        {
            throw new WalletException($"the issuer metadata names another credential_issuer than the offer's {issuer}");
        }

        var configuration = metadata["credential_configurations_supported"]?[configurationId] as JsonObject
            ?? throw new WalletException($"the issuer does not offer the credential configuration '{configurationId}'");
        if (configuration["format"]?.GetValue<string>() is not ("dc+sd-jwt" or "vc+sd-jwt"))
        {
            throw new WalletException($"'{configurationId}' is not an SD-JWT VC (format dc+sd-jwt); this wallet holds only those");
        }

        var vct = Text(configuration, "vct", "the credential configuration");
        var batchSize = metadata["batch_credential_issuance"]?["batch_size"]?.GetValue<int>() ?? 1;
        if (copies > batchSize)
        {
            throw new WalletException($"the issuer gives at most {batchSize} copies in one request (batch_credential_issuance.batch_size); ask for fewer with --batch");
        }

        var authorizationServer = grant["authorization_server"]?.GetValue<string>()
            ?? (metadata["authorization_servers"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? issuer;
        var serverMetadata = await http.GetJsonAsync(WellKnown(AbsoluteUri(authorizationServer, "authorization_server"), "oauth-authorization-server"),
            "the authorization server metadata", cancellationToken).ConfigureAwait(false);

        var form = new Dictionary<string, string> { ["grant_type"] = PreAuthorizedGrant, ["pre-authorized_code"] = code };
        if (txCode is not null)
        {
            form["tx_code"] = txCode;
        }

        var token = await http.PostFormAsync(Endpoint(serverMetadata, "token_endpoint"), form, "the token endpoint", cancellationToken).ConfigureAwait(false);
        var accessToken = token is { Status: 200, Body: { } tokenBody } ? Text(tokenBody, "access_token", "the token response")
            : throw Refusal("the token endpoint", token);

        var nonce = await http.PostFormAsync(Endpoint(metadata, "nonce_endpoint"), new Dictionary<string, string>(), "the nonce endpoint", cancellationToken).ConfigureAwait(false);
        var cNonce = nonce is { Status: 200, Body: { } nonceBody } ? Text(nonceBody, "c_nonce", "the nonce response") : throw Refusal("the nonce endpoint", nonce);

        var keys = Enumerable.Range(0, copies).Select(_ => NewKey(algorithm)).ToList();
        var proofs = new JsonArray([.. keys.Select(k => (JsonNode)Proof(k, algorithm, issuer, cNonce))]);
        var request = new JsonObject { ["credential_configuration_id"] = configurationId, ["proofs"] = new JsonObject { ["jwt"] = proofs } };
        var issued = await http.PostJsonAsync(Endpoint(metadata, "credential_endpoint"), request, "the credential endpoint",
            new AuthenticationHeaderValue("Bearer", accessToken), cancellationToken).ConfigureAwait(false);
        var credentials = issued is { Status: 200, Body: { } issuedBody } && issuedBody["credentials"] is JsonArray list && list.Count == copies
            ? list.Select(c => c?["credential"]?.GetValue<string>() ?? throw new WalletException("the credential response has an entry without credential")).ToList()
            : throw Refusal("the credential endpoint", issued);

        var issuerKeys = await IssuerKeysAsync(issuerUri, issuer, cancellationToken).ConfigureAwait(false);
        var stored = new List<WalletCopy>();
        SdJwtVcCredential? firstVerified = null;
        for (var i = 0; i < credentials.Count; i++)
        {
            var verified = await VerifyAsync(credentials[i], issuerKeys, issuer, vct, keys[i], cancellationToken).ConfigureAwait(false);
            firstVerified ??= verified;
            stored.Add(new WalletCopy(credentials[i], JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPrivateJwk(keys[i])))!.AsObject(), Used: false));
        }

        return new WalletCredential(
            Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            issuer,
            vct,
            configurationId,
            time.GetUtcNow(),
            firstVerified!.ExpiresAt,
            firstVerified.Claims.DeepClone().AsObject(),
            stored);
    }

    /// <summary>The well-known URL of an entity: <c>/.well-known/{name}</c> inserted before the path (RFC 8615, OpenID4VCI §12.2.2).</summary>
    public static Uri WellKnown(Uri entity, string name)
    {
        var path = entity.AbsolutePath.TrimEnd('/');
        return new Uri(entity.GetLeftPart(UriPartial.Authority) + "/.well-known/" + name + path);
    }

    private async Task<JsonObject> ReadOfferAsync(string text, CancellationToken cancellationToken)
    {
        text = text.Trim();
        if (text.StartsWith("openid-credential-offer://", StringComparison.Ordinal) || text.StartsWith("haip-vci://", StringComparison.Ordinal))
        {
            var parameters = QueryParameters(text);
            if (parameters.TryGetValue("credential_offer", out var byValue))
            {
                return JsonNode.Parse(byValue) as JsonObject ?? throw new WalletException("credential_offer is not a JSON object");
            }

            if (parameters.TryGetValue("credential_offer_uri", out var byReference))
            {
                return await http.GetJsonAsync(AbsoluteUri(byReference, "credential_offer_uri"), "the credential offer", cancellationToken).ConfigureAwait(false);
            }

            throw new WalletException("the offer link has neither credential_offer nor credential_offer_uri");
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            return await http.GetJsonAsync(uri, "the credential offer", cancellationToken).ConfigureAwait(false);
        }

        throw new WalletException("not a credential offer: give an openid-credential-offer:// link or the https URL of an offer");
    }

    /// <summary>The query parameters of a link, percent-decoded; a repeated parameter is refused.</summary>
    public static Dictionary<string, string> QueryParameters(string link)
    {
        var start = link.IndexOf('?', StringComparison.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (start < 0)
        {
            return result;
        }

        foreach (var pair in link[(start + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            if (!result.TryAdd(name, value))
            {
                throw new WalletException($"the link repeats the parameter '{name}'");
            }
        }

        return result;
    }

    private static void CheckTxCode(JsonObject? expected, string? txCode)
    {
        if (expected is null)
        {
            if (txCode is not null)
            {
                throw new WalletException("the offer asks for no transaction code: leave out --tx-code");
            }

            return;
        }

        var description = expected["description"]?.GetValue<string>();
        if (txCode is null)
        {
            throw new WalletException("the offer needs the transaction code shown by the issuer: add --tx-code" + (description is null ? string.Empty : $" ({description})"));
        }

        if (expected["length"] is JsonValue length && length.TryGetValue<int>(out var digits) && txCode.Length != digits)
        {
            throw new WalletException($"the transaction code has {digits} characters");
        }

        if (expected["input_mode"]?.GetValue<string>() is null or "numeric" && !txCode.All(char.IsAsciiDigit))
        {
            throw new WalletException("the transaction code is numeric");
        }
    }

    private static SecurityKey NewKey(string algorithm) => algorithm switch
    {
        JoseAlgorithms.ES256 => JwkKeys.GenerateEs256(),
        JoseAlgorithms.EdDSA => JwkKeys.GenerateEd25519(),
        _ => throw new WalletException($"--alg must be {JoseAlgorithms.ES256} or {JoseAlgorithms.EdDSA}"),
    };

    /// <summary>Appendix F.1: header typ, alg and the public jwk; payload aud, iat, nonce (no iss: anonymous pre-authorized access).</summary>
    private string Proof(SecurityKey key, string algorithm, string audience, string nonce)
    {
        var jwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(key)))!.AsObject();
        jwk.Remove("kid");
        var header = new JsonObject { ["typ"] = "openid4vci-proof+jwt", ["alg"] = algorithm, ["jwk"] = jwk };
        var payload = new JsonObject { ["aud"] = audience, ["iat"] = time.GetUtcNow().ToUnixTimeSeconds(), ["nonce"] = nonce };
        return Jws.Sign(header, payload, key, algorithm);
    }

    private async Task<IReadOnlyCollection<SecurityKey>> IssuerKeysAsync(Uri issuerUri, string issuer, CancellationToken cancellationToken)
    {
        var metadata = await http.GetJsonAsync(WellKnown(issuerUri, "jwt-vc-issuer"), "the JWT VC Issuer Metadata", cancellationToken).ConfigureAwait(false);
        if (metadata["issuer"]?.GetValue<string>() != issuer)
        {
            throw new WalletException("the JWT VC Issuer Metadata names another issuer");
        }

        var keys = (metadata["jwks"]?["keys"] as JsonArray ?? [])
            .Select(k => JwkKeys.TryCreateSecurityKey(k?.ToJsonString() ?? string.Empty, out var key) ? key : null)
            .OfType<SecurityKey>().ToList();
        return keys.Count > 0 ? keys : throw new WalletException("the JWT VC Issuer Metadata has no usable key");
    }

    private async Task<SdJwtVcCredential> VerifyAsync(string sdJwt, IReadOnlyCollection<SecurityKey> issuerKeys, string issuer, string vct, SecurityKey holder, CancellationToken cancellationToken)
    {
        var result = await new SdJwtVcVerifier(time).VerifyAsync(sdJwt, new SdJwtVcVerificationOptions
        {
            IssuerSigningKeys = issuerKeys,
            RequireKeyBinding = false,
            AcceptedVcts = [vct],
        }, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new WalletException($"the issued credential does not verify with the issuer's published keys: {result.Error.Code} {result.Error.Description}");
        }

        if (result.Value.Issuer != issuer)
        {
            throw new WalletException("the issued credential names another issuer than the offer's");
        }

        if (result.Value.HolderJwk is not { } cnf || !JwkKeys.TryCreateSecurityKey(cnf.ToJsonString(), out var bound)
            || JwkKeys.ComputeThumbprint(bound!) != JwkKeys.ComputeThumbprint(holder))
        {
            throw new WalletException("the issued credential is not bound to the key this wallet proved");
        }

        return result.Value;
    }

    private static WalletException Refusal(string what, (int Status, JsonObject? Body, string Text) response)
    {
        var error = response.Body?["error"]?.GetValue<string>();
        var description = response.Body?["error_description"]?.GetValue<string>();
        return new WalletException(error is null
            ? $"{what} answered HTTP {response.Status}"
            : $"{what} refused: {error}{(description is null ? string.Empty : " (" + description + ")")}");
    }

    private static Uri Endpoint(JsonObject metadata, string name)
        => AbsoluteUri(metadata[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new WalletException($"the metadata has no {name}"), name);

    private static Uri AbsoluteUri(string text, string what)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw new WalletException($"{what} is not an absolute URL");

    private static string Text(JsonObject json, string name, string what)
        => json[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : throw new WalletException($"{what} has no {name}");
}
