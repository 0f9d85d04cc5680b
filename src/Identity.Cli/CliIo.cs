using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.Cli;

/// <summary>Input and output helpers shared by the commands.</summary>
internal static class CliIo
{
    private const long MaxInputBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads a file, or standard input for <c>-</c>; trims whitespace. Null (with a message) when unreadable.</summary>
    public static async Task<string?> ReadInputAsync(string path, CliContext context)
    {
        try
        {
            if (path == "-")
            {
                return (await context.Stdin.ReadToEndAsync().ConfigureAwait(false)).Trim();
            }

            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxInputBytes)
            {
                await context.Stderr.WriteLineAsync($"error: cannot read '{path}' (missing or larger than 4 MiB)").ConfigureAwait(false);
                return null;
            }

            return (await File.ReadAllTextAsync(path).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Stderr.WriteLineAsync($"error: cannot read '{path}': {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    public static Task WriteJsonAsync(CliContext context, JsonNode node) => context.Stdout.WriteLineAsync(node.ToJsonString(Indented));

    public static JsonObject Error(string code, string description) => new() { ["valid"] = false, ["error"] = code, ["error_description"] = description };
}
