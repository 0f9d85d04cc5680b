using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;
using Identity.Tokens.StatusList;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Cli.Tests;

/// <summary>Runs the tool in-process with captured output, and writes credentials and keys issued with Identity.Tokens to temp files.</summary>
internal sealed class CliFixture : IDisposable
{
    public const string Issuer = "https://issuer.example.gouv.qc.ca";
    public const string Vct = "https://issuer.example.gouv.qc.ca/credentials/identity";
    public const string Audience = "redirect_uri:https://rp.example.ca/vp/response";
    public const string Nonce = "nonce-123";
    public const string StatusUri = "https://issuer.example.gouv.qc.ca/status/1";

    private readonly string _directory = Directory.CreateTempSubdirectory("identity-cli-tests").FullName;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public SecurityKey IssuerKey { get; } = JwkKeys.GenerateEs256();

    public SecurityKey HolderKey { get; } = JwkKeys.GenerateEd25519();

    public async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, string stdin = "")
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, new CliContext(new StringReader(stdin), output, error, null, Clock));
        return (exit, output.ToString(), error.ToString());
    }

    public string Presentation(string nonce = Nonce, params string[] disclose) => Presentation(Issuer, nonce, disclose);

    public string Presentation(string issuer, string nonce, string[] disclose, SdJwtVcStatusReference? status = null)
    {
        var sdJwt = new SdJwtVcIssuer(Clock).Issue(new SdJwtVcIssueRequest
        {
            Issuer = issuer,
            Status = status,
            Vct = Vct,
            Claims = new JsonObject { ["given_name"] = "Marie", ["age_over_18"] = true, ["birthdate"] = "1990-04-01" },
            HolderPublicJwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(HolderKey)))!.AsObject(),
            Expires = Clock.GetUtcNow().AddDays(30),
        }, new SigningCredentials(IssuerKey, JoseAlgorithms.ES256));
        var selected = SdJwtHolder.SelectDisclosures(sdJwt, disclose.Select(c => ClaimPath.Of(c)));
        return SdJwtHolder.AddKeyBinding(selected.Value!, new SigningCredentials(HolderKey, JoseAlgorithms.EdDSA), Audience, nonce, Clock.GetUtcNow());
    }

    public string StatusListToken(byte status, int index)
    {
        var list = new TokenStatusList(64, bits: 2);
        list.Set(index, status);
        return StatusListTokenWriter.Create(list, new StatusListTokenDescriptor { Uri = StatusUri, Issuer = Issuer, TimeToLive = TimeSpan.FromMinutes(5) }, IssuerKey, Clock);
    }

    public string IssuerJwksJson(SecurityKey? key = null) =>
        "{\"keys\":[" + JwkKeys.ToJson(JwkKeys.ExportPublicJwk(key ?? IssuerKey)) + "]}";

    public string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
