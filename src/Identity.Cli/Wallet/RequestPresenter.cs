using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Identity.Verifier.Oid4Vp;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Cli.Wallet;

/// <summary>What a relying party asks (OpenID4VP 1.0 §5) and, for each credential query, the wallet copy that answers it.</summary>
internal sealed record PresentationPlan(
    string ClientId,
    Uri ResponseUri,
    string Nonce,
    string? State,
    IReadOnlyList<PlannedAnswer> Answers);

/// <summary>One credential query of the DCQL query and the stored credential (and unused copy) chosen for it.</summary>
internal sealed record PlannedAnswer(string QueryId, WalletCredential Credential, int CopyIndex, IReadOnlyList<IReadOnlyList<string>> Claims);

/// <summary>
/// Answers an unsigned OpenID4VP 1.0 request by value (<c>openid4vp://?...</c>, client identifier prefix <c>redirect_uri:</c>,
/// §5.9.3) with <c>response_mode=direct_post</c> (§8.2): reads the DCQL query (§6), picks for each credential query a
/// credential holding every asked claim, discloses only those claims, binds the presentation to the request's nonce and
/// client identifier with a KB-JWT, and posts <c>vp_token</c> (§8.1) with the state.
/// </summary>
internal sealed class RequestPresenter(WalletHttp http, TimeProvider time)
{
    public PresentationPlan Plan(string requestText, IReadOnlyList<WalletCredential> held)
    {
        var text = requestText.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out _) || !text.Contains('?', StringComparison.Ordinal))
        {
            throw new WalletException("not a presentation request: give the openid4vp://?... link the relying party shows");
        }

        var parameters = OfferAcceptor.QueryParameters(text);
        if (parameters.ContainsKey("request_uri") || parameters.ContainsKey("request"))
        {
            throw new WalletException("signed requests (request, request_uri) are not supported by this wallet yet: it answers unsigned requests with the redirect_uri: client identifier");
        }

        var responseType = Required(parameters, "response_type");
        if (responseType != "vp_token")
        {
            throw new WalletException($"response_type '{responseType}' is not vp_token");
        }

        var responseMode = Required(parameters, "response_mode");
        if (responseMode != "direct_post")
        {
            throw new WalletException($"response_mode '{responseMode}' is not supported (this wallet answers direct_post)");
        }

        var clientId = Required(parameters, "client_id");
        var responseUriText = Required(parameters, "response_uri");
        if (!Uri.TryCreate(responseUriText, UriKind.Absolute, out var responseUri))
        {
            throw new WalletException("response_uri is not an absolute URL");
        }

        http.CheckUrl(responseUri, "the response_uri");
        // §5.9.3: with the redirect_uri prefix the request is unsigned and the client identifier is the response URI itself.
        if (!clientId.StartsWith("redirect_uri:", StringComparison.Ordinal) || clientId["redirect_uri:".Length..] != responseUriText)
        {
            throw new WalletException("client_id must be 'redirect_uri:' followed by the response_uri for an unsigned request (OpenID4VP §5.9.3)");
        }

        var nonce = Required(parameters, "nonce");
        parameters.TryGetValue("state", out var state);
        var query = ReadQuery(Required(parameters, "dcql_query"));
        var answers = query.Credentials.Select(q => Choose(q, held)).ToList();
        return new PresentationPlan(clientId, responseUri, nonce, state, answers);
    }

    /// <summary>Builds the presentations of <paramref name="plan"/>; the caller marks the copies used before sending.</summary>
    public Dictionary<string, string> Build(PresentationPlan plan)
    {
        var vpToken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var answer in plan.Answers)
        {
            var copy = answer.Credential.Copies[answer.CopyIndex];
            if (!JwkKeys.TryCreateSecurityKey(copy.PrivateJwk.ToJsonString(), out var key))
            {
                throw new WalletException($"the key of credential {answer.Credential.Id} is damaged");
            }

            var algorithm = key is ECDsaSecurityKey ? JoseAlgorithms.ES256 : JoseAlgorithms.EdDSA;
            var presented = SdJwtHolder.Present(copy.SdJwt, answer.Claims.Select(p => ClaimPath.Of([.. p])),
                new SigningCredentials(key, algorithm), plan.ClientId, plan.Nonce, time.GetUtcNow());
            vpToken[answer.QueryId] = presented.IsSuccess ? presented.Value : throw new WalletException(
                $"credential {answer.Credential.Id} cannot disclose what is asked: {presented.Error.Code} {presented.Error.Description}");
        }

        return vpToken;
    }

    /// <summary>§8.2: posts vp_token (one presentation per credential query, §8.1) and the state; returns the verifier's answer.</summary>
    public async Task<(int Status, JsonObject? Body, string Text)> SendAsync(PresentationPlan plan, Dictionary<string, string> presentations, CancellationToken cancellationToken)
    {
        var vpToken = new JsonObject();
        foreach (var (id, presentation) in presentations)
        {
            vpToken[id] = new JsonArray(presentation);
        }

        var form = new Dictionary<string, string> { ["vp_token"] = vpToken.ToJsonString() };
        if (plan.State is not null)
        {
            form["state"] = plan.State;
        }

        return await http.PostFormAsync(plan.ResponseUri, form, "the relying party's response_uri", cancellationToken).ConfigureAwait(false);
    }

    private static DcqlQuery ReadQuery(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            return DcqlParser.Parse(document.RootElement) ?? throw new WalletException("dcql_query is not a DCQL query this wallet reads (dc+sd-jwt with meta.vct_values)");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new WalletException("dcql_query is not valid DCQL JSON", e);
        }
    }

    private static PlannedAnswer Choose(DcqlCredentialQuery query, IReadOnlyList<WalletCredential> held)
    {
        var matching = held.Where(c => query.VctValues.Count == 0 || query.VctValues.Contains(c.Vct))
            .Where(c => query.Claims.All(path => Holds(c.Claims, path))).ToList();
        if (matching.Count == 0)
        {
            var claims = string.Join(", ", query.Claims.Select(p => string.Join('.', p)));
            throw new WalletException($"no credential in the wallet answers the query '{query.Id}' (type {string.Join(" or ", query.VctValues)}, claims {claims})");
        }

        foreach (var credential in matching)
        {
            var unused = credential.Copies.Select((copy, index) => (copy, index)).FirstOrDefault(c => !c.copy.Used);
            if (unused.copy is not null)
            {
                return new PlannedAnswer(query.Id, credential, unused.index, query.Claims.ToList());
            }
        }

        throw new WalletException($"every copy of credential {matching[0].Id} has been presented once already; presenting one again would let relying parties link your visits. Accept a new batch (identity wallet accept ... --batch N)");
    }

    private static bool Holds(JsonObject claims, IReadOnlyList<string> path)
    {
        JsonNode? current = claims;
        foreach (var segment in path)
        {
            current = (current as JsonObject)?[segment];
            if (current is null)
            {
                return false;
            }
        }

        return true;
    }

    private static string Required(Dictionary<string, string> parameters, string name)
        => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new WalletException($"the request has no {name}");
}
