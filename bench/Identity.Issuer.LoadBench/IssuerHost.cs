using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Identity.Issuer.LoadBench;

/// <summary>
/// The issuer as its own process (Release build, real Kestrel on 127.0.0.1), with a temporary data folder for the embedded SQLite
/// database and keys, or a PostgreSQL database. Killed and cleaned up on dispose.
/// </summary>
internal sealed class IssuerHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataPath;

    private IssuerHost(Process process, Uri baseAddress, string dataPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataPath = dataPath;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<IssuerHost> StartAsync(string assembly, string? postgres, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var dataPath = Path.Combine(Path.GetTempPath(), "issuer-loadbench", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Issuer__SeedDemoData"] = "true";
        start.Environment["Issuer__IssuerUri"] = baseAddress.AbsoluteUri;
        start.Environment["Issuer__AllowInsecureHttp"] = "true";
        start.Environment["Issuer__DataPath"] = dataPath;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (postgres is not null)
        {
            start.Environment["Database__Provider"] = "PostgreSQL";
            start.Environment["ConnectionStrings__Identity"] = postgres;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new IssuerHost(process, baseAddress, dataPath);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The issuer exited with code {process.ExitCode} before answering /health.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A slow first answer while the process warms up.
            }

            await Task.Delay(200);
        }

        await host.DisposeAsync();
        throw new TimeoutException("The issuer did not answer /health within 120 s.");
    }

    /// <summary>
    /// CPU time (user + system) the issuer process has used, in milliseconds, from <c>/proc/&lt;pid&gt;/stat</c> fields 14 and 15
    /// (clock ticks; USER_HZ is 100 on Linux). Null where /proc is not available.
    /// </summary>
    public double? CpuMilliseconds()
    {
        var path = $"/proc/{_process.Id}/stat";
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path);
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the closing one.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (user + system) * 10.0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Killed but slow to report.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static void Forward(string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            Console.Error.WriteLine("[issuer] " + line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
