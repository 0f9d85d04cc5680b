using System.Buffers.Text;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Tokens.Results;
using Identity.Tokens.StatusList;
using Identity.Verifier;
using Identity.Verifier.Http;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity status &lt;file|url&gt; --index N [--jwks F]</c>: prints the status value at an index of a status list token.
/// With --jwks the token is fully validated; without, it is only decoded (a warning says so).
/// </summary>
internal static class StatusCommand
{
    private static readonly string[] MediaTypes = [StatusListToken.MediaType];

    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("token") { Description = "Status list token file, - for standard input, or its https URL." };
        var index = new Option<int>("--index") { Description = "The index (idx) to read.", Required = true };
        var jwks = new Option<string?>("--jwks") { Description = "JWKS file with the status issuer's keys: validates the token." };
        var allowHttp = new Option<bool>("--allow-loopback-http") { Description = "Development only: allow http to 127.0.0.1/localhost." };
        var command = new Command("status", "Read a credential's status from a status list token.") { input, index, jwks, allowHttp };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(input)!, parse.GetValue(index), parse.GetValue(jwks), parse.GetValue(allowHttp), context, ct));
        return command;
    }

    private static async Task<int> RunAsync(string input, int index, string? jwksPath, bool allowHttp, CliContext context, CancellationToken cancellationToken)
    {
        var isUrl = input.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        var token = isUrl ? await FetchAsync(new Uri(input), allowHttp, context, cancellationToken).ConfigureAwait(false) : await CliIo.ReadInputAsync(input, context).ConfigureAwait(false);
        if (token is null)
        {
            return isUrl ? ExitCodes.Refused : ExitCodes.UsageError;
        }

        TokenResult<byte> status;
        if (jwksPath is not null)
        {
            var json = await CliIo.ReadInputAsync(jwksPath, context).ConfigureAwait(false);
            if (json is null)
            {
                return ExitCodes.UsageError;
            }

            IList<JsonWebKey> keys;
            try
            {
                keys = new JsonWebKeySet(json).Keys;
            }
            catch (Exception e) when (e is ArgumentException or JsonException)
            {
                await context.Stderr.WriteLineAsync("error: the JWKS file is not a JSON Web Key Set").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var securityKeys = keys.Select(k => Identity.Tokens.Jose.JwkKeys.TryCreateSecurityKey(k, out var key) ? key : null).OfType<SecurityKey>().ToList();
            if (securityKeys.Count == 0)
            {
                await context.Stderr.WriteLineAsync("error: the JWKS file has no supported public key").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            var expectedUri = isUrl ? input : UnverifiedSubject(token) ?? string.Empty;
            var validated = await StatusListTokenValidator.ValidateAsync(token, expectedUri, securityKeys,
                new StatusListTokenValidationOptions { TimeProvider = context.TimeProvider }).ConfigureAwait(false);
            status = validated.IsSuccess ? validated.Value.GetStatus(index) : TokenResult<byte>.Failure(validated.Error);
        }
        else
        {
            await context.Stderr.WriteLineAsync("warning: signature NOT verified (pass --jwks to validate the token)").ConfigureAwait(false);
            status = DecodeUnverified(token, index);
        }

        if (!status.IsSuccess)
        {
            await context.Stderr.WriteLineAsync(status.Error.ToString()).ConfigureAwait(false);
            await CliIo.WriteJsonAsync(context, CliIo.Error(status.Error.Code, status.Error.Description)).ConfigureAwait(false);
            return ExitCodes.Refused;
        }

        await CliIo.WriteJsonAsync(context, new JsonObject
        {
            ["index"] = index,
            ["status"] = status.Value,
            ["status_name"] = status.Value switch
            {
                StatusTypes.Valid => "VALID",
                StatusTypes.Invalid => "INVALID",
                StatusTypes.Suspended => "SUSPENDED",
                _ => "APPLICATION_SPECIFIC",
            },
            ["verified"] = jwksPath is not null,
        }).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<string?> FetchAsync(Uri uri, bool allowHttp, CliContext context, CancellationToken cancellationToken)
    {
        var options = new AttestationVerifierOptions { AllowLoopbackHttp = allowHttp };
        var fetcher = new SafeFetcher(context.HttpClient ?? new HttpClient(SafeFetcher.CreateDefaultHandler()), options);
        var fetched = await fetcher.GetAsync(uri, MediaTypes, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            await context.Stderr.WriteLineAsync(fetched.Error.ToString()).ConfigureAwait(false);
            await CliIo.WriteJsonAsync(context, CliIo.Error(fetched.Error.Code, fetched.Error.Description)).ConfigureAwait(false);
            return null;
        }

        return Encoding.ASCII.GetString(fetched.Value.Body).Trim();
    }

    private static JsonObject? Payload(string token)
    {
        var segments = token.Split('.');
        try
        {
            return segments.Length == 3 ? JsonNode.Parse(Base64Url.DecodeFromChars(segments[1])) as JsonObject : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string? UnverifiedSubject(string token) => Payload(token)?["sub"] is JsonValue sub && sub.TryGetValue<string>(out var s) ? s : null;

    private static TokenResult<byte> DecodeUnverified(string token, int index)
    {
        if (Payload(token)?["status_list"] is not JsonObject list || list["bits"] is not JsonValue bits || !bits.TryGetValue<int>(out var bitCount)
            || list["lst"] is not JsonValue lst || !lst.TryGetValue<string>(out var encoded))
        {
            return TokenResult<byte>.Failure(StatusListErrorCodes.Malformed, "The input is not a status list token.");
        }

        var decoded = TokenStatusList.Decode(encoded, bitCount);
        if (!decoded.IsSuccess)
        {
            return TokenResult<byte>.Failure(decoded.Error);
        }

        return decoded.Value.TryGet(index, out var value)
            ? TokenResult<byte>.Success(value)
            : TokenResult<byte>.Failure(StatusListErrorCodes.IndexOutOfRange, "The index is outside the status list.");
    }
}
