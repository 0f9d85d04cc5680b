using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;
using Identity.Tokens.StatusList;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Benchmarks;

/// <summary>
/// One <see cref="AttestationVerifier.VerifyAsync"/> of a 10-claim SD-JWT VC presented with 2 disclosures and a KB-JWT,
/// issuer keys and status list already cached (the steady state of a relying party), against the bound it cannot beat:
/// the two signature verifications (issuer JWT and KB-JWT) alone, measured in the same run.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class VerifyPresentationBenchmarks
{
    private const string Issuer = "https://issuer.example.gouv.qc.ca";
    private const string Vct = "https://issuer.example.gouv.qc.ca/credentials/identity";
    private const string StatusUri = "https://issuer.example.gouv.qc.ca/status/1";
    private const string Audience = "redirect_uri:https://rp.example.ca/vp/response";
    private const string Nonce = "bench-nonce-0123456789";

    private AttestationVerifier _verifier = null!;
    private VerificationOptions _expected = null!;
    private const int FreshHolders = 5000;
    private string _presentation = null!;
    private string[] _fresh = null!;
    private int _next;
    private SignatureProvider _issuerProvider = null!;
    private SignatureProvider _holderProvider = null!;
    private byte[] _issuerInput = null!;
    private byte[] _issuerSignature = null!;
    private byte[] _holderInput = null!;
    private byte[] _holderSignature = null!;
    private JsonWebKey _holderJwk = null!;
    private string _alg = null!;
    private SdJwtVcVerifier _sdJwtVc = null!;
    private SdJwtVcVerificationOptions _sdJwtVcOptions = null!;

    [Params("ES256", "Ed25519")]
    public string Algorithm { get; set; } = "ES256";

    [GlobalSetup]
    public void Setup()
    {
        var es256 = Algorithm == "ES256";
        SecurityKey issuerKey = es256 ? JwkKeys.GenerateEs256() : JwkKeys.GenerateEd25519();
        SecurityKey holderKey = es256 ? JwkKeys.GenerateEs256() : JwkKeys.GenerateEd25519();
        var alg = es256 ? JoseAlgorithms.ES256 : JoseAlgorithms.EdDSA;

        _presentation = Present(issuerKey, holderKey, alg);

        // Presentations from distinct holders: more than the Tokens layer's holder-key cache holds, so each verification
        // imports its holder key as it would for a new wallet.
        _fresh = new string[FreshHolders];
        for (var i = 0; i < _fresh.Length; i++)
        {
            _fresh[i] = Present(issuerKey, es256 ? JwkKeys.GenerateEs256() : JwkKeys.GenerateEd25519(), alg);
        }

        // Issuer metadata and the status list come from an in-memory handler; after the warm-up call both are cached.
        var jwks = "{\"keys\":[" + JwkKeys.ToJson(JwkKeys.ExportPublicJwk(issuerKey)) + "]}";
        var statusList = StatusListTokenWriter.Create(new TokenStatusList(1024, 2),
            new StatusListTokenDescriptor { Uri = StatusUri, Issuer = Issuer, TimeToLive = TimeSpan.FromHours(1) }, issuerKey, TimeProvider.System);
        var handler = new StaticHandler(new Dictionary<string, (string, string)>
        {
            ["https://issuer.example.gouv.qc.ca/.well-known/jwt-vc-issuer"] = ("application/json", "{\"issuer\":\"" + Issuer + "\",\"jwks\":" + jwks + "}"),
            [StatusUri] = (StatusListToken.MediaType, statusList),
        });
        var options = new AttestationVerifierOptions { StatusListMaxCacheDuration = TimeSpan.FromHours(1), IssuerKeyCacheDuration = TimeSpan.FromHours(1) };
        options.TrustedIssuers.Add(new TrustedIssuer(Issuer));
        _verifier = new AttestationVerifier(options, new HttpClient(handler));
        _expected = new VerificationOptions { Audience = Audience, Nonce = Nonce, AcceptedVcts = new HashSet<string> { Vct }, MaxKeyBindingAge = TimeSpan.FromHours(1) };
        var warm = _verifier.VerifyAsync(_presentation, _expected).GetAwaiter().GetResult();
        if (!warm.IsValid || warm.Status != CredentialStatus.Valid || warm.Claims.Count != 2)
        {
            throw new InvalidOperationException("Benchmark setup produced an invalid presentation: " + warm.Error);
        }

        // The bound: the two signatures alone, through the same IdentityModel signature providers, inputs pre-encoded.
        var issuerJwt = _presentation[.._presentation.IndexOf('~', StringComparison.Ordinal)];
        var kbJwt = _presentation[(_presentation.LastIndexOf('~') + 1)..];
        (_issuerInput, _issuerSignature) = Split(issuerJwt);
        (_holderInput, _holderSignature) = Split(kbJwt);
        _issuerProvider = issuerKey.CryptoProviderFactory.CreateForVerifying(issuerKey, alg);
        _holderProvider = holderKey.CryptoProviderFactory.CreateForVerifying(holderKey, alg);
        _holderJwk = JwkKeys.ExportPublicJwk(holderKey);
        _alg = alg;
        if (!TwoSignatureVerifications() || !TwoSignatureVerificationsWithHolderKeyImport())
        {
            throw new InvalidOperationException("Signature bound setup failed.");
        }

        _sdJwtVc = new SdJwtVcVerifier(TimeProvider.System);
        _sdJwtVcOptions = new SdJwtVcVerificationOptions
        {
            IssuerSigningKeys = [issuerKey],
            AcceptLegacyType = false,
            AcceptedVcts = [Vct],
            ExpectedAudience = Audience,
            ExpectedNonce = Nonce,
            KeyBindingMaxAge = TimeSpan.FromHours(1),
        };
        if (!TokensLayerOnly().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("SdJwtVcVerifier setup failed.");
        }
    }

    private static string Present(SecurityKey issuerKey, SecurityKey holderKey, string alg)
    {
        var claims = new JsonObject
        {
            ["given_name"] = "Marie", ["family_name"] = "Tremblay", ["birthdate"] = "1990-04-01",
            ["age_over_18"] = true, ["age_over_19"] = true, ["age_over_65"] = false,
            ["street_address"] = "1 rue Exemple", ["locality"] = "Québec", ["region"] = "QC", ["postal_code"] = "G1A 0A1",
        };
        var sdJwt = new SdJwtVcIssuer(TimeProvider.System).Issue(new SdJwtVcIssueRequest
        {
            Issuer = Issuer,
            Vct = Vct,
            Claims = claims,
            HolderPublicJwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(holderKey)))!.AsObject(),
            Status = new SdJwtVcStatusReference(3, StatusUri),
            Expires = DateTimeOffset.UtcNow.AddDays(30),
        }, new SigningCredentials(issuerKey, alg));
        var selected = SdJwtHolder.SelectDisclosures(sdJwt, [ClaimPath.Of("age_over_18"), ClaimPath.Of("given_name")]).Value!;
        return SdJwtHolder.AddKeyBinding(selected, new SigningCredentials(holderKey, alg), Audience, Nonce, DateTimeOffset.UtcNow);
    }

    [Benchmark(Baseline = true)]
    public bool TwoSignatureVerifications() =>
        _issuerProvider.Verify(_issuerInput, _issuerSignature) & _holderProvider.Verify(_holderInput, _holderSignature);

    /// <summary>The bound when the holder key must first be imported from the credential's cnf.jwk, as it must for every new presentation.</summary>
    [Benchmark]
    public bool TwoSignatureVerificationsWithHolderKeyImport()
    {
        JwkKeys.TryCreateSecurityKey(_holderJwk, out var holderKey);
        var provider = holderKey!.CryptoProviderFactory.CreateForVerifying(holderKey, _alg);
        try
        {
            return _issuerProvider.Verify(_issuerInput, _issuerSignature) & provider.Verify(_holderInput, _holderSignature);
        }
        finally
        {
            holderKey.CryptoProviderFactory.ReleaseSignatureProvider(provider);
        }
    }

    /// <summary>Identity.Tokens' SD-JWT VC verification alone (keys given, no trust, no status): the share of the Tokens layer.</summary>
    [Benchmark]
    public async Task<bool> TokensLayerOnly() => (await _sdJwtVc.VerifyAsync(_presentation, _sdJwtVcOptions)).IsSuccess;

    [Benchmark]
    public async Task<bool> VerifyPresentation() => (await _verifier.VerifyAsync(_presentation, _expected)).IsValid;

    /// <summary>Full verification where every presentation comes from a different holder (no holder-key cache hit).</summary>
    [Benchmark]
    public async Task<bool> VerifyPresentationFromNewHolder()
    {
        var presentation = _fresh[_next++ % _fresh.Length];
        return (await _verifier.VerifyAsync(presentation, _expected)).IsValid;
    }

    private static (byte[] Input, byte[] Signature) Split(string jwt)
    {
        var dot = jwt.LastIndexOf('.');
        return (Encoding.ASCII.GetBytes(jwt[..dot]), Base64UrlEncoder.DecodeBytes(jwt[(dot + 1)..]));
    }

    private sealed class StaticHandler(Dictionary<string, (string ContentType, string Body)> responses) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!responses.TryGetValue(request.RequestUri!.AbsoluteUri, out var response))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            var message = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(response.Body) , RequestMessage = request };
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(response.ContentType);
            return Task.FromResult(message);
        }
    }
}
