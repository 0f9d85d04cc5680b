using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Tests.Support;

/// <summary>An issued SD-JWT VC: the issuer-signed JWT and one disclosure per selectively disclosable claim.</summary>
internal sealed record IssuedCredential(string IssuerJwt, IReadOnlyDictionary<string, string> Disclosures, SecurityKey HolderKey);

/// <summary>Builds SD-JWT VCs and presentations the way the issuer and a wallet would (RFC 9901 §4, §5).</summary>
internal sealed class TestCredentials(string issuer, SecurityKey issuerKey, DateTimeOffset now)
{
    public const string Vct = "https://credentials.example.gouv.qc.ca/identity";

    public static readonly IReadOnlyDictionary<string, JsonNode> TenClaims = new Dictionary<string, JsonNode>
    {
        ["given_name"] = "Marie",
        ["family_name"] = "Tremblay",
        ["birthdate"] = "1990-04-01",
        ["age_over_18"] = true,
        ["age_over_19"] = true,
        ["age_over_65"] = false,
        ["street_address"] = "1 rue Exemple",
        ["locality"] = "Québec",
        ["region"] = "QC",
        ["postal_code"] = "G1A 0A1",
    };

    public string Issuer => issuer;

    public SecurityKey IssuerKey => issuerKey;

    public DateTimeOffset Now { get; set; } = now;

    public IssuedCredential Issue(
        Uri? statusUri = null,
        int statusIndex = 0,
        Action<JsonObject>? editHeader = null,
        Action<JsonObject>? editPayload = null,
        SecurityKey? holderKey = null,
        SecurityKey? signingKey = null)
    {
        holderKey ??= JwkKeys.GenerateEs256();
        var disclosures = new Dictionary<string, string>(StringComparer.Ordinal);
        var digests = new JsonArray();
        foreach (var (name, value) in TenClaims)
        {
            var disclosure = Disclosure(name, value.DeepClone());
            disclosures[name] = disclosure;
            digests.Add(Digest(disclosure));
        }

        digests.Add(Digest(Disclosure("decoy", "1")));
        digests.Add(Digest(Disclosure("decoy", "2")));

        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["exp"] = Now.AddDays(30).ToUnixTimeSeconds(),
            ["vct"] = Vct,
            ["_sd_alg"] = "sha-256",
            ["_sd"] = digests,
            ["cnf"] = new JsonObject { ["jwk"] = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(holderKey))) },
        };
        if (statusUri is not null)
        {
            payload["status"] = new JsonObject { ["status_list"] = new JsonObject { ["idx"] = statusIndex, ["uri"] = statusUri.AbsoluteUri } };
        }

        var key = signingKey ?? issuerKey;
        var header = new JsonObject { ["alg"] = Jws.AlgOf(key), ["typ"] = "dc+sd-jwt" };
        editHeader?.Invoke(header);
        editPayload?.Invoke(payload);
        return new IssuedCredential(Jws.Sign(header, payload, key, header["alg"]!.GetValue<string>()), disclosures, holderKey);
    }

    /// <summary>A wallet's presentation: the issuer JWT, the chosen disclosures and a KB-JWT over nonce, aud and sd_hash.</summary>
    public string Present(
        IssuedCredential credential,
        string nonce,
        string audience,
        IEnumerable<string> disclose,
        Action<JsonObject>? editKbHeader = null,
        Action<JsonObject>? editKbPayload = null,
        SecurityKey? kbKey = null,
        IEnumerable<string>? extraDisclosures = null)
    {
        var sdJwt = new StringBuilder(credential.IssuerJwt).Append('~');
        foreach (var name in disclose)
        {
            sdJwt.Append(credential.Disclosures[name]).Append('~');
        }

        foreach (var extra in extraDisclosures ?? [])
        {
            sdJwt.Append(extra).Append('~');
        }

        var key = kbKey ?? credential.HolderKey;
        var header = new JsonObject { ["alg"] = Jws.AlgOf(key), ["typ"] = "kb+jwt" };
        var payload = new JsonObject
        {
            ["iat"] = Now.ToUnixTimeSeconds(),
            ["aud"] = audience,
            ["nonce"] = nonce,
            ["sd_hash"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(sdJwt.ToString()))),
        };
        editKbHeader?.Invoke(header);
        editKbPayload?.Invoke(payload);
        return sdJwt + Jws.Sign(header, payload, key, header["alg"]!.GetValue<string>());
    }

    public static string Disclosure(string name, JsonNode? value)
    {
        var salt = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return Jws.B64(new JsonArray(salt, name, value).ToJsonString());
    }

    public static string Digest(string disclosure) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(disclosure)));
}
