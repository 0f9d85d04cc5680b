using System.CommandLine;
using Identity.Cli.Commands;

namespace Identity.Cli;

/// <summary>Exit codes of the <c>identity</c> tool, documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>The command succeeded (for <c>verify</c>: the presentation is valid).</summary>
    public const int Success = 0;

    /// <summary><c>verify</c> refused the presentation, or <c>status</c> could not validate the status list; the error code is printed.</summary>
    public const int Refused = 1;

    /// <summary>Bad arguments or unreadable input (missing file, malformed key file, not a JWT).</summary>
    public const int UsageError = 2;
}

/// <summary>Everything a command needs from its environment, injectable so tests run commands in-process.</summary>
internal sealed record CliContext(TextReader Stdin, TextWriter Stdout, TextWriter Stderr, HttpClient? HttpClient, TimeProvider TimeProvider);

/// <summary>The <c>identity</c> command line: decode, verify, keys generate, status.</summary>
public static class CliApp
{
    /// <summary>Runs the tool with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, new CliContext(stdin, stdout, stderr, null, TimeProvider.System));

    internal static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var root = new RootCommand("Decode and verify SD-JWT VC presentations, generate keys, inspect status lists, and hold credentials in a reference wallet.")
        {
            DecodeCommand.Create(context),
            VerifyCommand.Create(context),
            KeysCommand.Create(context),
            StatusCommand.Create(context),
            WalletCommand.Create(context),
        };

        var parse = root.Parse(args);
        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = context.Stdout, Error = context.Stderr }).ConfigureAwait(false);

        // System.CommandLine answers parse errors with 1; this tool keeps 1 for refusals, so usage errors become 2.
        return parse.Errors.Count > 0 ? ExitCodes.UsageError : exit;
    }
}
