using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Identity.Issuer.SystemTests.Hosting;

/// <summary>
/// A program started the way README.md starts it, <c>dotnet run --project ...</c> from the repository root, with its launch
/// profile's settings and no ASPNETCORE_/DOTNET_ variables of the test process. For the issuer (<see cref="StartIssuerAsync"/>)
/// that is the README's first set-up command: Development, an http://localhost issuer, Issuer:AllowInsecureHttp. Three things
/// differ, and only so that tests can run side by side: the port (a free one, given with <c>--urls</c> and the settings that
/// name it), the issuer's data folder (a temporary one instead of src/Identity.Issuer/.data) and <c>--no-build</c> (the test run
/// has built it).
/// </summary>
internal sealed partial class ReadmeApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly DirectoryInfo _data;

    private ReadmeApp(Process process, Uri baseAddress, DirectoryInfo data)
    {
        _process = process;
        BaseAddress = baseAddress;
        _data = data;
    }

    /// <summary>http://localhost:port/, as the README's run publishes it (with its own port).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The issuer without a trailing slash: every credential's <c>iss</c>.</summary>
    public string Issuer => BaseAddress.AbsoluteUri.TrimEnd('/');

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Lines the issuer logged at Error or Critical (the console formatter's <c>fail:</c> and <c>crit:</c>).</summary>
    public IReadOnlyList<string> Failures => _output.Where(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)).ToList();

    /// <summary>The README's first command, read from README.md: the test fails when the README says something else.</summary>
    public static string[] ReadmeCommand()
    {
        var readme = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var blocks = ShellBlock().Matches(readme).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.True(blocks.Count >= 2, "README.md has no two set-up command blocks");
        Assert.Equal("dotnet run --project src/Identity.Issuer", blocks[0]);
        return blocks[0].Split(' ');
    }

    /// <summary>The README's first command, on a free port.</summary>
    public static Task<ReadmeApp> StartIssuerAsync(CancellationToken cancellationToken)
    {
        var port = IssuerProcess.FreePort();
        var data = Directory.CreateTempSubdirectory("issuer-readme-");
        return StartAsync(ReadmeCommand(), port, [$"--Issuer:IssuerUri=http://localhost:{port}", $"--Issuer:DataPath={data.FullName}"], ".well-known/openid-configuration", data, cancellationToken);
    }

    /// <summary>
    /// <c>dotnet run --project samples/RelyingParty</c> (the README's sample relying party) on a free port, trusting
    /// <paramref name="issuer"/>; its other settings are the Development ones.
    /// </summary>
    public static Task<ReadmeApp> StartRelyingPartyAsync(string issuer, CancellationToken cancellationToken)
    {
        var port = IssuerProcess.FreePort();
        return StartAsync(["dotnet", "run", "--project", "samples/RelyingParty"], port,
            [$"--RelyingParty:ResponseUri=http://localhost:{port}/vp/response", $"--RelyingParty:TrustedIssuer={issuer}", $"--RelyingParty:Vct={issuer}/credentials/identity"],
            string.Empty, Directory.CreateTempSubdirectory("rp-readme-"), cancellationToken);
    }

    private static async Task<ReadmeApp> StartAsync(string[] command, int port, string[] settings, string readyPath, DirectoryInfo data, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://localhost:{port}/");
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in new[] { "--no-build", "--", "--urls", $"http://localhost:{port}" }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        // A fresh shell: nothing of the test process's hosting environment leaks into the run.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
                     || k.StartsWith("Issuer__", StringComparison.Ordinal) || k.StartsWith("StatusLists__", StringComparison.Ordinal) || k.StartsWith("RelyingParty__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var issuer = new ReadmeApp(process, baseAddress, data);
        process.OutputDataReceived += (_, e) => issuer.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => issuer.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await issuer.WaitForAsync(readyPath, cancellationToken);
        }
        catch
        {
            await issuer.DisposeAsync();
            throw;
        }

        return issuer;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            // Never started, already gone, or slow to report after the kill.
        }

        _process.Dispose();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitForAsync(string readyPath, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The README's program exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(readyPath, UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow first request while the process warms up.
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException("The README's program did not answer within 180 s:" + Environment.NewLine + Output);
    }

    [GeneratedRegex("```sh\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
