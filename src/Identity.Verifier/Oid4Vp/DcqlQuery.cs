using System.Text.Json.Nodes;

namespace Identity.Verifier.Oid4Vp;

/// <summary>
/// A Digital Credentials Query Language query (OpenID4VP 1.0 §6): the credentials, and within them the claims,
/// the relying party asks for. Only the <c>dc+sd-jwt</c> format is produced and checked by this SDK.
/// </summary>
/// <example>
/// <code>
/// var query = DcqlQuery.ForClaims("age", "https://credentials.example.gouv.qc.ca/identity", "age_over_18");
/// </code>
/// </example>
public sealed class DcqlQuery
{
    /// <summary>The credential queries (§6.1). Each has a unique <see cref="DcqlCredentialQuery.Id"/>.</summary>
    public IList<DcqlCredentialQuery> Credentials { get; } = [];

    /// <summary>A query for one SD-JWT VC of type <paramref name="vct"/> disclosing the given top-level claims.</summary>
    public static DcqlQuery ForClaims(string id, string vct, params string[] claims)
    {
        var credential = new DcqlCredentialQuery(id);
        credential.VctValues.Add(vct);
        foreach (var claim in claims)
        {
            credential.Claims.Add([claim]);
        }

        var query = new DcqlQuery();
        query.Credentials.Add(credential);
        return query;
    }

    /// <summary>The JSON form sent as the <c>dcql_query</c> request parameter.</summary>
    public JsonObject ToJson()
    {
        var credentials = new JsonArray();
        foreach (var credential in Credentials)
        {
            var claims = new JsonArray();
            foreach (var path in credential.Claims)
            {
                claims.Add(new JsonObject { ["path"] = new JsonArray([.. path.Select(p => (JsonNode?)JsonValue.Create(p))]) });
            }

            var entry = new JsonObject
            {
                ["id"] = credential.Id,
                ["format"] = DcqlCredentialQuery.Format,
                ["meta"] = new JsonObject { ["vct_values"] = new JsonArray([.. credential.VctValues.Select(v => (JsonNode?)JsonValue.Create(v))]) },
            };
            if (claims.Count > 0)
            {
                entry["claims"] = claims;
            }

            credentials.Add(entry);
        }

        return new JsonObject { ["credentials"] = credentials };
    }

    internal IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Credentials.Count == 0)
        {
            problems.Add("A DCQL query needs at least one credential query.");
        }

        if (Credentials.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() != Credentials.Count)
        {
            problems.Add("Credential query ids must be unique.");
        }

        foreach (var credential in Credentials)
        {
            // §6.1: id is a non-empty string of alphanumeric, underscore or hyphen characters.
            if (credential.Id.Length == 0 || !credential.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                problems.Add($"Credential query id '{credential.Id}' must be alphanumeric, '_' or '-'.");
            }

            // §B.3.5: meta.vct_values is required for dc+sd-jwt.
            if (credential.VctValues.Count == 0)
            {
                problems.Add($"Credential query '{credential.Id}' needs at least one vct value.");
            }

            if (credential.Claims.Any(p => p.Count == 0 || p.Any(string.IsNullOrEmpty)))
            {
                problems.Add($"Credential query '{credential.Id}' has an empty claim path.");
            }
        }

        return problems;
    }
}

/// <summary>One credential query (OpenID4VP 1.0 §6.1) for an SD-JWT VC.</summary>
/// <param name="Id">The query id; the wallet answers under this key in <c>vp_token</c>.</param>
public sealed record DcqlCredentialQuery(string Id)
{
    /// <summary>The credential format identifier of SD-JWT VC (OpenID4VP 1.0 §B.3).</summary>
    public const string Format = "dc+sd-jwt";

    /// <summary>Accepted <c>vct</c> values (<c>meta.vct_values</c>, §B.3.5).</summary>
    public IList<string> VctValues { get; init; } = [];

    /// <summary>Requested claims, each a path of claim names from the credential's top level (§7). Empty asks for none selectively.</summary>
    public IList<IReadOnlyList<string>> Claims { get; init; } = [];
}
