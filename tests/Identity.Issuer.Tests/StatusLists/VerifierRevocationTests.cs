using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Identity.Issuer.Attestations;
using Identity.Issuer.Data;
using Identity.Issuer.Oid4Vci.Keys;
using Identity.Issuer.StatusLists;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;
using Identity.Verifier;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.Tests.StatusLists;

/// <summary>
/// Flow 4 end to end: the issuer on real Kestrel (https on 127.0.0.1), a credential carrying its status entry, and our Verifier SDK
/// fetching the status list over the loopback network. A revocation is reported only once the verifier's cached list expires (ttl).
/// </summary>
public sealed class VerifierRevocationTests
{
    private const string Audience = "redirect_uri:https://rp.example.ca/vp/response";
    private const string Nonce = "n-revocation-test";

    [Fact]
    public async Task A_revoked_credential_is_reported_REVOKED_by_the_verifier_sdk_only_after_its_cached_list_expires()
    {
        using var certificate = LoopbackCertificate();
        var port = FreePort();
        var baseUri = $"https://127.0.0.1:{port}";
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dataPath = Path.Combine(Path.GetTempPath(), "issuer-tests", Guid.NewGuid().ToString("N"));
        await using var factory = new KestrelIssuer(dataPath, baseUri, clock);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        factory.StartServer();

        // Issue: allocate an entry and sign an SD-JWT VC with the credential key, as the credential endpoint does.
        var holder = JwkKeys.GenerateEs256();
        StatusAllocation allocation;
        string sdJwt;
        string credentialId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        JsonWebKeySet issuerKeys;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            allocation = await scope.ServiceProvider.GetRequiredService<IStatusListAllocator>().AllocateAsync(CancellationToken.None);
            var keys = scope.ServiceProvider.GetRequiredService<CredentialSigningKeys>();
            issuerKeys = new JsonWebKeySet(keys.PublicJwks.ToJsonString());
            sdJwt = new SdJwtVcIssuer(clock).Issue(new SdJwtVcIssueRequest
            {
                Issuer = baseUri,
                Vct = baseUri + "/vct/identity",
                Claims = new JsonObject { ["age_over_18"] = true },
                HolderPublicJwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(holder)))!.AsObject(),
                Status = new SdJwtVcStatusReference(allocation.Index, allocation.Uri.AbsoluteUri),
                Expires = clock.GetUtcNow().AddDays(30),
            }, keys.SigningCredentials);
            var db = scope.ServiceProvider.GetRequiredService<IssuerDbContext>();
            db.Add(new IssuedCredential
            {
                Id = credentialId, CitizenId = "cit-7f3a9c21", ClientId = "wallet", ConfigurationId = "identity", Vct = baseUri + "/vct/identity",
                StatusListId = allocation.ListId, StatusIndex = allocation.Index, HolderKeyThumbprint = JwkKeys.ComputeThumbprint(holder),
                IssuedAt = clock.GetUtcNow(), ExpiresAt = clock.GetUtcNow().AddDays(30),
            });
            await db.SaveChangesAsync();
        }

        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString() } };
        using var http = new HttpClient(handler);
        var options = new AttestationVerifierOptions();
        options.TrustedIssuers.Add(TrustedIssuer.WithKeys(baseUri, issuerKeys));
        var verifier = new AttestationVerifier(options, http, clock);
        Task<VerificationResult> VerifyAsync()
        {
            var presentation = SdJwtHolder.Present(sdJwt, [], new SigningCredentials(holder, JoseAlgorithms.ES256), Audience, Nonce, clock.GetUtcNow()).Value!;
            return verifier.VerifyAsync(presentation, new VerificationOptions { Audience = Audience, Nonce = Nonce });
        }

        var before = await VerifyAsync();
        Assert.True(before.IsValid, before.Error?.Code);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var revoked = await scope.ServiceProvider.GetRequiredService<CredentialStatusService>()
                .ChangeAsync(credentialId, StatusAction.Revoke, Identity.Issuer.Admin.AuditActor.Client("test-admin"), null, CancellationToken.None);
            Assert.True(revoked.Succeeded);
        }

        // Within the ttl (300 s) the verifier still uses the list it fetched: the draft's caching contract.
        clock.Advance(TimeSpan.FromSeconds(299));
        var cached = await VerifyAsync();
        Assert.True(cached.IsValid, cached.Error?.Code);

        clock.Advance(TimeSpan.FromSeconds(2));
        var after = await VerifyAsync();
        Assert.False(after.IsValid);
        Assert.Equal(VerifierErrorCodes.StatusRevoked, after.Error!.Code);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 LoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class KestrelIssuer(string dataPath, string baseUri, FakeTimeProvider clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Issuer:DataPath", dataPath);
            builder.UseSetting("StatusLists:BaseUri", baseUri);
            builder.UseSetting("StatusLists:TimeToLive", "00:05:00");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        }
    }
}
