using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Tests.Support;

/// <summary>
/// One test's world: a loopback issuer server publishing JWT VC Issuer Metadata and a status list, a fake clock,
/// an issuer that issues to it, and a verifier that trusts it. Created per test so caches and clocks never leak.
/// </summary>
internal sealed class VerifierFixture : IAsyncDisposable
{
    public const string Audience = "redirect_uri:https://rp.example.ca/vp/response";
    public const string Nonce = "n-0S6_WzA2Mj";
    public const string IssuerPath = "/issuers/qc";
    public const string StatusPath = "/status/1";

    private VerifierFixture(LoopbackServer server, FakeTimeProvider clock, SecurityKey issuerKey)
    {
        Server = server;
        Clock = clock;
        Issuer = server.Url(IssuerPath).AbsoluteUri;
        StatusUri = server.Url(StatusPath);
        Credentials = new TestCredentials(Issuer, issuerKey, clock.GetUtcNow());
        Statuses = new byte[64];
        Options = new AttestationVerifierOptions { AllowLoopbackHttp = true };
        Options.TrustedIssuers.Add(new TrustedIssuer(Issuer));
        PublishMetadata(issuerKey);
        server.Serve(StatusPath, "application/statuslist+jwt",
            () => TestStatusList.Token(Issuer, StatusUri, Statuses, issuerKey, Clock.GetUtcNow(), ttl: StatusTtlSeconds));
    }

    public LoopbackServer Server { get; }

    public FakeTimeProvider Clock { get; }

    public string Issuer { get; }

    public Uri StatusUri { get; }

    public TestCredentials Credentials { get; }

    /// <summary>Status values (2 bits each) served by the status list endpoint; tests change them to revoke or suspend.</summary>
    public byte[] Statuses { get; }

    public int StatusTtlSeconds { get; set; } = 300;

    public AttestationVerifierOptions Options { get; }

    public static async Task<VerifierFixture> CreateAsync(bool ed25519 = false)
    {
        var server = await LoopbackServer.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        SecurityKey key = ed25519 ? JwkKeys.GenerateEd25519() : JwkKeys.GenerateEs256();
        return new VerifierFixture(server, clock, key);
    }

    public void PublishMetadata(SecurityKey key, string? issuerMember = null)
    {
        var jwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(key)))!;
        var metadata = new JsonObject { ["issuer"] = issuerMember ?? Issuer, ["jwks"] = new JsonObject { ["keys"] = new JsonArray(jwk) } };
        Server.Serve("/.well-known/jwt-vc-issuer" + IssuerPath, "application/json", () => metadata.ToJsonString());
    }

    public AttestationVerifier CreateVerifier(HttpClient? httpClient = null) => new(Options, httpClient, Clock);

    public static VerificationOptions Expect(params string[] requiredClaims) => new()
    {
        Audience = Audience,
        Nonce = Nonce,
        AcceptedVcts = new HashSet<string> { TestCredentials.Vct },
        RequiredClaims = new HashSet<string>(requiredClaims),
    };

    /// <summary>A credential with a status entry at <paramref name="index"/>, presented with age_over_18 and given_name disclosed.</summary>
    public string ValidPresentation(int index = 0, string nonce = Nonce, string audience = Audience)
    {
        var credential = Credentials.Issue(StatusUri, index);
        return Credentials.Present(credential, nonce, audience, ["age_over_18", "given_name"]);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
