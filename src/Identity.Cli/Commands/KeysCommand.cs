using System.CommandLine;
using System.Text.Json.Nodes;
using Identity.Tokens.Jose;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Cli.Commands;

/// <summary><c>identity keys generate --alg ES256|Ed25519</c>: a new key pair as a private JWK and its public part, with an RFC 7638 <c>kid</c>.</summary>
internal static class KeysCommand
{
    public static Command Create(CliContext context)
    {
        var alg = new Option<string>("--alg") { Description = "ES256 (P-256) or Ed25519.", Required = true };
        alg.AcceptOnlyFromAmong(JoseAlgorithms.ES256, JoseAlgorithms.Ed25519, JoseAlgorithms.EdDSA);
        var generate = new Command("generate", "Generate a signing key pair.") { alg };
        generate.SetAction((parse, _) => GenerateAsync(parse.GetValue(alg)!, context));
        return new Command("keys", "Key management.") { generate };
    }

    private static async Task<int> GenerateAsync(string alg, CliContext context)
    {
        SecurityKey key = alg == JoseAlgorithms.ES256 ? JwkKeys.GenerateEs256() : JwkKeys.GenerateEd25519();
        var kid = JwkKeys.ComputeThumbprint(key);
        var privateJwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPrivateJwk(key)))!.AsObject();
        var publicJwk = JsonNode.Parse(JwkKeys.ToJson(JwkKeys.ExportPublicJwk(key)))!.AsObject();
        foreach (var jwk in new[] { privateJwk, publicJwk })
        {
            jwk["kid"] = kid;
            jwk["alg"] = alg == JoseAlgorithms.ES256 ? JoseAlgorithms.ES256 : JoseAlgorithms.EdDSA;
            jwk["use"] = "sig";
        }

        await context.Stderr.WriteLineAsync("warning: private_jwk is a secret; store it in a secret store, never in source control").ConfigureAwait(false);
        await CliIo.WriteJsonAsync(context, new JsonObject { ["kid"] = kid, ["private_jwk"] = privateJwk, ["public_jwk"] = publicJwk }).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
