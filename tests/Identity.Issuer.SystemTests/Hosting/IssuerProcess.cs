using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Identity.Issuer.SystemTests.Hosting;

/// <summary>
/// One real issuer process: <c>dotnet Identity.Issuer.dll --urls http://127.0.0.1:port</c> with settings passed as environment
/// variables. Its output is captured (shown when a test fails) and the process tree is killed on dispose.
/// </summary>
internal sealed class IssuerProcess : IAsyncDisposable
{
    // Generous: on CI several test projects start processes on two shared cores at once.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private IssuerProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    /// <summary>Where the process listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Everything the process wrote so far.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts a process and waits until <c>/health</c> answers 200.</summary>
    public static async Task<IssuerProcess> StartAsync(string name, int port, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var assembly = TestEnvironment.IssuerAssembly;
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"The issuer is not built at {assembly}: build src/Identity.Issuer first.");
        }

        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(assembly)! };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return await StartAsync(name, start, baseAddress, "health", cancellationToken);
    }

    /// <summary>Starts <paramref name="start"/> (output captured) and waits until <paramref name="readyPath"/> answers 200.</summary>
    public static async Task<IssuerProcess> StartAsync(string name, ProcessStartInfo start, Uri baseAddress, string readyPath, CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var issuer = new IssuerProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => issuer.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => issuer.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await issuer.WaitForReadyAsync(readyPath, cancellationToken);
        }
        catch
        {
            await issuer.DisposeAsync();
            throw;
        }

        return issuer;
    }

    /// <summary>A free loopback port (the OS picks it; the tiny race before the process binds it is acceptable in tests).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        catch (TimeoutException)
        {
            // Killed but slow to report; nothing more to do.
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue($"[{Name}] {line}");
        }
    }

    /// <summary>Lines the process logged at Error or Critical (the console formatter's <c>fail:</c> and <c>crit:</c>).</summary>
    public IReadOnlyList<string> Failures => _output.Select(line => line[(Name.Length + 3)..])
        .Where(line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)).ToList();

    private async Task WaitForReadyAsync(string readyPath, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Issuer {Name} exited with code {_process.ExitCode} before answering /{readyPath}:{Environment.NewLine}{Output}");
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

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"Issuer {Name} did not answer /{readyPath} within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output}");
    }
}
