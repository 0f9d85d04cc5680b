using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwtVc;
using Identity.Cli.Wallet;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Cli.Tests;

/// <summary>
/// An OpenID4VCI issuer and an OpenID4VP relying party on one real loopback HTTP listener, for the wallet commands. Credentials
/// are issued with Identity.Tokens' SD-JWT VC issuer, bound to the key of each proof. Knobs break one thing at a time.
/// </summary>
internal sealed class FakeWalletPeers : IDisposable
{
    public const string TxCode = "123456";
    public const string ConfigurationId = "identity_sd_jwt";

    private readonly CliFixture _fx;
    private readonly LoopbackServer _server;

    public FakeWalletPeers(CliFixture fx)
    {
        _fx = fx;
        _server = new LoopbackServer((method, path, body) => Answer(method, path, body) switch
        {
            (var status, null) => (status, null, null),
            (var status, var json) => (status, "application/json", json.ToJsonString()),
        });
    }

    public string Base => _server.Base;

    public string Vct => Base + "/credentials/identity";

    public string OfferLink => "openid-credential-offer://?credential_offer_uri=" + Uri.EscapeDataString(Base + "/offer");

    /// <summary>The configuration id the offer names (an unknown one to test refusal).</summary>
    public string OfferedConfiguration { get; set; } = ConfigurationId;

    /// <summary>When false, GET /offer answers 404 as an expired offer does.</summary>
    public bool OfferAlive { get; set; } = true;

    /// <summary>The key credentials are signed with; the metadata always publishes the fixture's issuer key.</summary>
    public SecurityKey? SigningKey { get; set; }

    /// <summary>Every form posted to /vp/response.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Responses { get; } = new();

    public int CredentialRequests;

    public void Dispose() => _server.Dispose();

    private (int Status, JsonNode? Body) Answer(string method, string path, string body) => (method, path) switch
    {
        ("GET", "/offer") when OfferAlive => (200, new JsonObject
        {
            ["credential_issuer"] = Base,
            ["credential_configuration_ids"] = new JsonArray(OfferedConfiguration),
            ["grants"] = new JsonObject
            {
                ["urn:ietf:params:oauth:grant-type:pre-authorized_code"] = new JsonObject
                {
                    ["pre-authorized_code"] = "code-1",
                    ["tx_code"] = new JsonObject { ["length"] = 6, ["input_mode"] = "numeric" },
                },
            },
        }),
        ("GET", "/.well-known/openid-credential-issuer") => (200, new JsonObject
        {
            ["credential_issuer"] = Base,
            ["credential_endpoint"] = Base + "/credential",
            ["nonce_endpoint"] = Base + "/nonce",
            ["batch_credential_issuance"] = new JsonObject { ["batch_size"] = 5 },
            ["credential_configurations_supported"] = new JsonObject
            {
                [ConfigurationId] = new JsonObject { ["format"] = "dc+sd-jwt", ["vct"] = Vct },
            },
        }),
        ("GET", "/.well-known/oauth-authorization-server") => (200, new JsonObject { ["issuer"] = Base, ["token_endpoint"] = Base + "/token" }),
        ("GET", "/.well-known/jwt-vc-issuer") => (200, new JsonObject { ["issuer"] = Base, ["jwks"] = JsonNode.Parse(_fx.IssuerJwksJson()) }),
        ("POST", "/token") => OfferAcceptor.QueryParameters("?" + body).TryGetValue("tx_code", out var code) && code == TxCode
            ? (200, new JsonObject { ["access_token"] = "at-1", ["token_type"] = "Bearer" })
            : (400, new JsonObject { ["error"] = "invalid_grant" }),
        ("POST", "/nonce") => (200, new JsonObject { ["c_nonce"] = "n-1" }),
        ("POST", "/credential") => Issue(body),
        ("POST", "/vp/response") => Record(body),
        _ => (404, null),
    };

    private (int, JsonNode?) Issue(string body)
    {
        Interlocked.Increment(ref CredentialRequests);
        var proofs = JsonNode.Parse(body)!["proofs"]!["jwt"]!.AsArray();
        var credentials = new JsonArray();
        foreach (var proof in proofs)
        {
            var header = JsonNode.Parse(Base64UrlEncoder.Decode(proof!.GetValue<string>().Split('.')[0]))!;
            var sdJwt = new SdJwtVcIssuer(_fx.Clock).Issue(new SdJwtVcIssueRequest
            {
                Issuer = Base,
                Vct = Vct,
                Claims = new JsonObject { ["given_name"] = "Marie", ["family_name"] = "Tremblay", ["age_over_18"] = true },
                HolderPublicJwk = header["jwk"]!.AsObject().DeepClone().AsObject(),
                Expires = _fx.Clock.GetUtcNow().AddDays(30),
            }, new SigningCredentials(SigningKey ?? _fx.IssuerKey, JoseAlgorithms.ES256));
            credentials.Add(new JsonObject { ["credential"] = sdJwt });
        }

        return (200, new JsonObject { ["credentials"] = credentials });
    }

    private (int, JsonNode?) Record(string body)
    {
        Responses.Enqueue(OfferAcceptor.QueryParameters("?" + body));
        return (200, new JsonObject());
    }
}
