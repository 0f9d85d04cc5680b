using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Verifier.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Verifier.Tests;

/// <summary>Issuer key resolution: x5c to a trust anchor (draft-ietf-oauth-sd-jwt-vc §3.5) and pluggable trust sources.</summary>
public sealed class TrustTests
{
    private static async Task<VerificationResult> VerifyAsync(VerifierFixture fx, IssuedCredential credential)
    {
        var presentation = fx.Credentials.Present(credential, VerifierFixture.Nonce, VerifierFixture.Audience, ["age_over_18"]);
        return await fx.CreateVerifier().VerifyAsync(presentation, VerifierFixture.Expect(), TestContext.Current.CancellationToken);
    }

    private static (X509Certificate2 Root, X509Certificate2 Leaf, ECDsa LeafKey) CreateChain(string sanUri, DateTimeOffset now, string rootName = "CN=Test Root")
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest(rootName, rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=Test Issuer", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(sanUri));
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var leaf = leafRequest.Create(root, now.AddDays(-1), now.AddDays(30), [1, 2, 3, 4]);
        return (root, leaf, leafKey);
    }

    private static IssuedCredential IssueWithX5c(VerifierFixture fx, X509Certificate2 leaf, ECDsa leafKey) =>
        fx.Credentials.Issue(signingKey: new ECDsaSecurityKey(leafKey),
            editHeader: h => h["x5c"] = new JsonArray(Convert.ToBase64String(leaf.RawData)));

    [Fact]
    public async Task Accepts_x5c_chain_to_a_configured_trust_anchor_without_fetching_metadata()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (root, leaf, leafKey) = CreateChain(fx.Issuer, fx.Clock.GetUtcNow());
        fx.Options.TrustAnchors.Add(root);
        fx.Options.RequireStatus = false;

        var result = await VerifyAsync(fx, IssueWithX5c(fx, leaf, leafKey));

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(0, fx.Server.TotalHits);
    }

    [Fact]
    public async Task Rejects_x5c_chain_whose_revocation_cannot_be_checked_when_revocation_checking_is_on()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (root, leaf, leafKey) = CreateChain(fx.Issuer, fx.Clock.GetUtcNow());
        fx.Options.TrustAnchors.Add(root);
        fx.Options.RequireStatus = false;
        fx.Options.X5cRevocationMode = X509RevocationMode.Online;
        Assert.Equal(VerifierErrorCodes.X5cChainInvalid, (await VerifyAsync(fx, IssueWithX5c(fx, leaf, leafKey))).Error!.Code);
    }

    [Fact]
    public async Task Rejects_x5c_chain_to_an_unknown_root()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (_, leaf, leafKey) = CreateChain(fx.Issuer, fx.Clock.GetUtcNow());
        var (otherRoot, _, _) = CreateChain(fx.Issuer, fx.Clock.GetUtcNow(), "CN=Other Root");
        fx.Options.TrustAnchors.Add(otherRoot);
        Assert.Equal(VerifierErrorCodes.X5cChainInvalid, (await VerifyAsync(fx, IssueWithX5c(fx, leaf, leafKey))).Error!.Code);
    }

    [Fact]
    public async Task Rejects_x5c_leaf_that_does_not_name_the_issuer()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (root, leaf, leafKey) = CreateChain("https://someone-else.example", fx.Clock.GetUtcNow());
        fx.Options.TrustAnchors.Add(root);
        Assert.Equal(VerifierErrorCodes.X5cChainInvalid, (await VerifyAsync(fx, IssueWithX5c(fx, leaf, leafKey))).Error!.Code);
    }

    [Fact]
    public async Task Rejects_x5c_leaf_expired_at_verification_time()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (root, leaf, leafKey) = CreateChain(fx.Issuer, fx.Clock.GetUtcNow());
        fx.Options.TrustAnchors.Add(root);
        fx.Clock.Advance(TimeSpan.FromDays(31));
        fx.Credentials.Now = fx.Clock.GetUtcNow();
        Assert.Equal(VerifierErrorCodes.X5cChainInvalid, (await VerifyAsync(fx, IssueWithX5c(fx, leaf, leafKey))).Error!.Code);
    }

    [Fact]
    public async Task Ignores_x5c_when_no_trust_anchor_is_configured()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var (_, leaf, leafKey) = CreateChain(fx.Issuer, fx.Clock.GetUtcNow());
        Assert.Equal(VerifierErrorCodes.IssuerSignatureInvalid, (await VerifyAsync(fx, IssueWithX5c(fx, leaf, leafKey))).Error!.Code);
    }

    [Fact]
    public async Task Accepts_issuer_vouched_for_by_a_trust_source()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var options = new AttestationVerifierOptions { AllowLoopbackHttp = true };
        options.TrustSources.Add(new StaticTrustSource(fx.Issuer, fx.Credentials.IssuerKey));
        var verifier = new AttestationVerifier(options, timeProvider: fx.Clock);

        var result = await verifier.VerifyAsync(fx.ValidPresentation(), VerifierFixture.Expect(), TestContext.Current.CancellationToken);

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.False(fx.Server.Hits.ContainsKey("/.well-known/jwt-vc-issuer" + VerifierFixture.IssuerPath));
    }

    [Fact]
    public async Task Rejects_issuer_unknown_to_every_trust_source_without_fetching()
    {
        await using var fx = await VerifierFixture.CreateAsync();
        var options = new AttestationVerifierOptions { AllowLoopbackHttp = true };
        options.TrustSources.Add(new StaticTrustSource("https://bc.example/issuer", JwkKeys.GenerateEs256()));
        var verifier = new AttestationVerifier(options, timeProvider: fx.Clock);

        var result = await verifier.VerifyAsync(fx.ValidPresentation(), VerifierFixture.Expect(), TestContext.Current.CancellationToken);

        Assert.Equal(VerifierErrorCodes.IssuerUntrusted, result.Error!.Code);
        Assert.Equal(0, fx.Server.TotalHits);
    }

    private sealed class StaticTrustSource(string issuer, SecurityKey key) : IIssuerTrustSource
    {
        public ValueTask<IReadOnlyList<JsonWebKey>?> GetIssuerKeysAsync(string candidate, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<JsonWebKey>?>(candidate == issuer ? [JwkKeys.ExportPublicJwk(key)] : null);
    }
}
