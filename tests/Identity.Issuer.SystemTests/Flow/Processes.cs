using System.Diagnostics;
using Identity.Issuer.SystemTests.Hosting;

namespace Identity.Issuer.SystemTests.Flow;

/// <summary>Runs a command to its end and returns its exit code and output (for the npm harnesses and the README's CLI commands).</summary>
internal static class Processes
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{Stdout}{Environment.NewLine}{Stderr}";
    }

    public static async Task<Result> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A script of tests/interop-wallet (independent npm libraries), or a skip when node or its packages are missing.</summary>
    public static Task<Result> InteropWalletAsync(string script, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var node = TestEnvironment.NodeOrSkip();
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "interop-wallet");
        var installed = Directory.Exists(Path.Combine(folder, "node_modules", "@openid4vc"));
        if (Environment.GetEnvironmentVariable("IDENTITY_TEST_REQUIRE_INTEROP") == "1")
        {
            Assert.True(installed, "tests/interop-wallet has no node_modules: run npm ci there (.ci/run does).");
        }

        Assert.SkipUnless(installed, "tests/interop-wallet has no node_modules: run npm ci there to run the interoperability journey.");
        return RunAsync(node, [Path.Combine(folder, script)], folder, environment, cancellationToken);
    }
}
