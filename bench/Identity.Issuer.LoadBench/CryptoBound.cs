using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Issuer.Citizens;
using Identity.Issuer.Configuration;
using Identity.Issuer.Keys;
using Identity.Issuer.Oid4Vci;
using Identity.Issuer.Oid4Vci.Credentials;
using Identity.Issuer.Oid4Vci.Keys;
using Identity.Issuer.Oid4Vci.Proofs;
using Identity.Issuer.StatusLists;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Issuer.LoadBench;

/// <summary>
/// What no HTTP issuer can go below, measured in this process on the same machine and in the same run as the HTTP figures:
/// <list type="bullet">
/// <item>raw: per credential, one ES256 proof verification (holder key import + ECDSA verify) and one ES256 signature over a
/// credential-sized signing input (OpenSSL through <see cref="ECDsa"/>);</item>
/// <item>issuer code: the issuer's own <c>JwtProofValidator</c> and <c>IdentityCredentialBuilder</c> (proof checks, SD-JWT VC with
/// disclosures and decoys, signature), i.e. the credential endpoint without HTTP, JSON request parsing, state and database.</item>
/// </list>
/// </summary>
internal sealed class CryptoBound : IDisposable
{
    private const string Audience = "https://issuer.example.ca";
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "issuer-loadbench", Guid.NewGuid().ToString("N"));
    private readonly CredentialSigningKeys _keys;
    private readonly IdentityCredentialBuilder _builder;
    private readonly ECDsa _issuerKey;
    private readonly byte[] _credentialInput;
    private readonly Citizen _citizen = new("cit-bench", "bench", "Marie", "Tremblay", new DateOnly(1990, 5, 17),
        new PostalAddress("1234 rue Saint-Denis", "Montréal", "QC", "H2X 3K8", "CA"), "marie@example.ca", 3);

    public CryptoBound()
    {
        var folder = new DataFolder(Options.Create(new IssuerOptions { DataPath = _dataPath }), new HostingEnvironment { ContentRootPath = _dataPath });
        _keys = new CredentialSigningKeys(folder);
        _builder = new IdentityCredentialBuilder(_keys, TimeProvider.System);
        _issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // The issuer-signed JWT of one credential as the endpoint builds it: its signing input is what gets signed.
        var sample = Build(Wallet.Proof(Audience, "n"));
        _credentialInput = Encoding.ASCII.GetBytes(sample[..sample.LastIndexOf('.', sample.IndexOf('~', StringComparison.Ordinal))]);
    }

    public int CredentialSigningInputBytes => _credentialInput.Length;

    /// <summary>Credentials per second for <paramref name="threads"/> threads each doing <paramref name="perThread"/> credentials.</summary>
    public Rate Raw(int threads, int perThread) => Measure(threads, perThread, proof =>
    {
        var dot = proof.LastIndexOf('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(proof[..proof.IndexOf('.', StringComparison.Ordinal)]))!["jwk"]!;
        using var holder = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(header["x"]!.GetValue<string>()), Y = Base64UrlEncoder.DecodeBytes(header["y"]!.GetValue<string>()) },
        });
        if (!holder.VerifyData(Encoding.ASCII.GetBytes(proof[..dot]), Base64UrlEncoder.DecodeBytes(proof[(dot + 1)..]), HashAlgorithmName.SHA256))
        {
            throw new InvalidOperationException("A prepared proof did not verify.");
        }

        _ = _issuerKey.SignData(_credentialInput, HashAlgorithmName.SHA256);
    });

    /// <summary>The issuer's own proof validation and credential building, credentials per second.</summary>
    public Rate IssuerCode(int threads, int perThread) => Measure(threads, perThread, proof => _ = Build(proof));

    /// <summary>The issuer's proof validation alone (<c>JwtProofValidator</c>), proofs per second.</summary>
    public Rate ProofValidation(int threads, int perThread) => Measure(threads, perThread, proof => _ = Verify(proof));

    /// <summary>The issuer's credential building and signing alone (<c>IdentityCredentialBuilder</c>), credentials per second.</summary>
    public Rate CredentialBuilding(int threads, int perThread)
    {
        var holder = Verify(Wallet.Proof(Audience, "n")).HolderJwk;
        return Measure(threads, perThread, _ => _ = _builder.Build(_citizen, holder, Status, Urls, DateTimeOffset.UtcNow.AddDays(365)));
    }

    public void Dispose()
    {
        _issuerKey.Dispose();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
    }

    private static readonly Oid4VciUrls Urls = new(new Uri(Audience + "/"), Audience);
    private static readonly StatusAllocation Status = new("bench", new Uri(Audience + "/status-lists/bench"), 4242);

    private string Build(string proof)
        => _builder.Build(_citizen, Verify(proof).HolderJwk, Status, Urls, DateTimeOffset.UtcNow.AddDays(365));

    private static VerifiedProof Verify(string proof)
    {
        var verified = JwtProofValidator.ValidateAsync(proof, Audience, clientId: null, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        return verified.IsSuccess ? verified.Value! : throw new InvalidOperationException("A prepared proof was refused: " + verified.Error.Code);
    }

    private static Rate Measure(int threads, int perThread, Action<string> credential)
    {
        // Proofs (the wallet's work) are made before the clock starts. A warm-up of at least a second lets tiered compilation
        // replace the first, unoptimized code (on a busy machine the background re-JIT takes a while).
        var proofs = Enumerable.Range(0, threads).Select(_ => Enumerable.Range(0, perThread).Select(_ => Wallet.Proof(Audience, "n")).ToArray()).ToArray();
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 200 || warmUp.Elapsed < TimeSpan.FromSeconds(1); i++)
        {
            credential(proofs[0][i % perThread]);
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            foreach (var proof in proofs[t])
            {
                credential(proof);
            }
        });
        var elapsed = watch.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return new Rate(threads * perThread / elapsed.TotalSeconds, used.TotalMilliseconds / (threads * perThread));
    }
}

/// <summary>Credentials per second (wall clock) and this process's CPU milliseconds per credential (steadier on a shared machine).</summary>
internal readonly record struct Rate(double PerSecond, double CpuMs)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{PerSecond:N0}/s ({CpuMs:F3} ms CPU)");
}
