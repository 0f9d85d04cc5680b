using System.Buffers.Text;
using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity decode &lt;file|-&gt;</c>: prints the header, payload, each disclosure (with its digest) and the Key Binding JWT of
/// an SD-JWT presentation, or the header and payload of a plain JWT. Nothing is verified (a warning says so on stderr).
/// </summary>
internal static class DecodeCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "File with the SD-JWT or JWT, or - for standard input." };
        var command = new Command("decode", "Decode an SD-JWT presentation or a JWT without verifying it.") { input };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(input)!, context));
        return command;
    }

    private static async Task<int> RunAsync(string path, CliContext context)
    {
        var text = await CliIo.ReadInputAsync(path, context).ConfigureAwait(false);
        if (text is null)
        {
            return ExitCodes.UsageError;
        }

        var decoded = Decode(text);
        if (decoded is null)
        {
            await context.Stderr.WriteLineAsync("error: the input is not a JWT or an SD-JWT").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        await context.Stderr.WriteLineAsync("warning: decoded only; signatures, digests and key binding are NOT verified (use 'identity verify')").ConfigureAwait(false);
        await CliIo.WriteJsonAsync(context, decoded).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    internal static JsonObject? Decode(string text)
    {
        var parts = text.Split('~');
        var jwt = DecodeJwt(parts[0]);
        if (jwt is null)
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return jwt;
        }

        var disclosures = new JsonArray();
        foreach (var disclosure in parts[1..^1])
        {
            var node = DecodeDisclosure(disclosure);
            if (node is null)
            {
                return null;
            }

            disclosures.Add(node);
        }

        jwt["disclosures"] = disclosures;
        if (parts[^1].Length > 0)
        {
            var keyBinding = DecodeJwt(parts[^1]);
            if (keyBinding is null)
            {
                return null;
            }

            jwt["key_binding_jwt"] = keyBinding;
        }

        return jwt;
    }

    private static JsonObject? DecodeJwt(string jwt)
    {
        var segments = jwt.Split('.');
        if (segments.Length != 3 || ParseSegment(segments[0]) is not JsonObject header || ParseSegment(segments[1]) is not JsonObject payload)
        {
            return null;
        }

        return new JsonObject { ["header"] = header, ["payload"] = payload };
    }

    private static JsonObject? DecodeDisclosure(string disclosure)
    {
        if (ParseSegment(disclosure) is not JsonArray { Count: 2 or 3 } array)
        {
            return null;
        }

        // RFC 9901 §4.2.3: the digest is over the ASCII of the disclosure as presented.
        var digest = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(disclosure)));
        var node = new JsonObject { ["digest"] = digest, ["salt"] = array[0]?.DeepClone() };
        if (array.Count == 3)
        {
            node["name"] = array[1]?.DeepClone();
            node["value"] = array[2]?.DeepClone();
        }
        else
        {
            node["array_element"] = array[1]?.DeepClone();
        }

        return node;
    }

    private static JsonNode? ParseSegment(string segment)
    {
        try
        {
            return JsonNode.Parse(Base64Url.DecodeFromChars(segment));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
