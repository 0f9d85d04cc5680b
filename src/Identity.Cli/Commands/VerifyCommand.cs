using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Verifier;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity verify &lt;file|-&gt; --aud A --nonce N [--jwks F | --issuer-metadata URL | --trust-anchor PEM] [--vct V]</c>:
/// runs the SDK's full verification and prints the verified claims (exit 0) or the error code (exit 1).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "File with the presentation (issuer-jwt~disclosures~kb-jwt), or - for standard input." };
        var aud = new Option<string>("--aud") { Description = "Expected Key Binding JWT audience (your client_id).", Required = true };
        var nonce = new Option<string>("--nonce") { Description = "Expected Key Binding JWT nonce.", Required = true };
        var jwks = new Option<string?>("--jwks") { Description = "JWKS file with the issuer's public keys (offline; the issuer is the token's iss)." };
        var metadata = new Option<string?>("--issuer-metadata") { Description = "Trusted issuer identifier (or its /.well-known/jwt-vc-issuer URL): keys from JWT VC Issuer Metadata." };
        var anchor = new Option<string?>("--trust-anchor") { Description = "PEM file of root certificates: keys from the x5c header chain." };
        var vct = new Option<string[]>("--vct") { Description = "Accepted credential type (repeatable). Default: any." , AllowMultipleArgumentsPerToken = false };
        var allowHttp = new Option<bool>("--allow-loopback-http") { Description = "Development only: allow http to 127.0.0.1/localhost." };
        var command = new Command("verify", "Verify an SD-JWT VC presentation with the relying-party SDK.") { input, aud, nonce, jwks, metadata, anchor, vct, allowHttp };
        command.SetAction((parse, ct) => RunAsync(new Arguments(
            parse.GetValue(input)!, parse.GetValue(aud)!, parse.GetValue(nonce)!, parse.GetValue(jwks), parse.GetValue(metadata),
            parse.GetValue(anchor), parse.GetValue(vct) ?? [], parse.GetValue(allowHttp)), context, ct));
        return command;
    }

    private sealed record Arguments(string Input, string Audience, string Nonce, string? Jwks, string? Metadata, string? Anchor, string[] Vcts, bool AllowHttp);

    private static async Task<int> RunAsync(Arguments args, CliContext context, CancellationToken cancellationToken)
    {
        if (new[] { args.Jwks, args.Metadata, args.Anchor }.Count(s => s is not null) != 1)
        {
            await context.Stderr.WriteLineAsync("error: give exactly one of --jwks, --issuer-metadata or --trust-anchor").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var presentation = await CliIo.ReadInputAsync(args.Input, context).ConfigureAwait(false);
        if (presentation is null)
        {
            return ExitCodes.UsageError;
        }

        var options = new AttestationVerifierOptions { AllowLoopbackHttp = args.AllowHttp, RequireStatus = false };
        var configured = await ConfigureTrustAsync(args, presentation, options, context).ConfigureAwait(false);
        if (!configured)
        {
            return ExitCodes.UsageError;
        }

        var verifier = new AttestationVerifier(options, context.HttpClient, context.TimeProvider);
        var result = await verifier.VerifyAsync(presentation, new VerificationOptions
        {
            Audience = args.Audience,
            Nonce = args.Nonce,
            AcceptedVcts = new HashSet<string>(args.Vcts, StringComparer.Ordinal),
        }, cancellationToken).ConfigureAwait(false);

        if (!result.IsValid)
        {
            await context.Stderr.WriteLineAsync(result.Error.ToString()).ConfigureAwait(false);
            await CliIo.WriteJsonAsync(context, CliIo.Error(result.Error.Code, result.Error.Description)).ConfigureAwait(false);
            return ExitCodes.Refused;
        }

        var claims = new JsonObject();
        foreach (var (name, value) in result.Claims)
        {
            claims[name] = JsonNode.Parse(value.GetRawText());
        }

        await CliIo.WriteJsonAsync(context, new JsonObject
        {
            ["valid"] = true,
            ["issuer"] = result.Issuer,
            ["vct"] = result.Vct,
            ["status"] = result.Status == CredentialStatus.Valid ? "VALID" : "NOT_CHECKED",
            ["claims"] = claims,
        }).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The trusted issuer comes from the operator's flag; for --jwks and --trust-anchor it is the token's own iss, trusted only with the given keys.</summary>
    private static async Task<bool> ConfigureTrustAsync(Arguments args, string presentation, AttestationVerifierOptions options, CliContext context)
    {
        if (args.Metadata is not null)
        {
            options.TrustedIssuers.Add(new TrustedIssuer(IssuerFromMetadataUrl(args.Metadata)) { KeySources = IssuerKeySources.Metadata });
            return true;
        }

        var issuer = DecodeCommand.Decode(presentation.Split('~')[0])?["payload"]?["iss"]?.GetValue<string>();
        if (string.IsNullOrEmpty(issuer))
        {
            await context.Stderr.WriteLineAsync("error: the presentation has no readable iss").ConfigureAwait(false);
            return false;
        }

        try
        {
            if (args.Jwks is not null)
            {
                var json = await CliIo.ReadInputAsync(args.Jwks, context).ConfigureAwait(false);
                if (json is null)
                {
                    return false;
                }

                options.TrustedIssuers.Add(TrustedIssuer.WithKeys(issuer, new JsonWebKeySet(json)));
                return true;
            }

            options.TrustAnchors.ImportFromPemFile(args.Anchor!);
            options.TrustedIssuers.Add(new TrustedIssuer(issuer) { KeySources = IssuerKeySources.X5c });
            return options.TrustAnchors.Count > 0;
        }
        catch (Exception e) when (e is ArgumentException or JsonException or CryptographicException or IOException)
        {
            await context.Stderr.WriteLineAsync($"error: cannot read the key or certificate file: {e.GetType().Name}").ConfigureAwait(false);
            return false;
        }
    }

    internal static string IssuerFromMetadataUrl(string value)
    {
        const string WellKnown = "/.well-known/jwt-vc-issuer";
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith(WellKnown, StringComparison.Ordinal))
        {
            return uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath[WellKnown.Length..];
        }

        return value;
    }
}
