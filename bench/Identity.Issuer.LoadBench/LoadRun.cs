using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Identity.Issuer.LoadBench;

/// <summary>What one timed phase measured.</summary>
internal sealed record LoadResult(int Requests, int Credentials, int Failures, TimeSpan Elapsed, double P50Ms, double P99Ms, double? IssuerCpuMs, double ClientCpuMs, string? FirstFailure)
{
    public double CredentialsPerSecond => Credentials / Elapsed.TotalSeconds;

    public double? CpuMsPerCredential => IssuerCpuMs is { } cpu && Credentials > 0 ? cpu / Credentials : null;

    /// <summary>The bench's own CPU (the HTTP client) per credential: it shares the machine's cores with the issuer.</summary>
    public double ClientCpuMsPerCredential => Credentials > 0 ? ClientCpuMs / Credentials : double.NaN;
}

/// <summary>
/// Drives POST /oid4vci/credential with prepared requests over <c>connections</c> concurrent HTTP/1.1 connections until the
/// duration ends or the prepared requests run out, whichever comes first.
/// </summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(IssuerHost issuer, PreparedRequest[] requests, int start, int connections, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = issuer.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var endpoint = new Uri("oid4vci/credential", UriKind.Relative);
        var next = start - 1;
        var failures = 0;
        var credentials = 0;
        string? firstFailure = null;
        var latencies = new List<double>[connections];
        var cpuBefore = issuer.CpuMilliseconds();
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            int index;
            while (watch.Elapsed < duration && (index = Interlocked.Increment(ref next)) < requests.Length)
            {
                var prepared = requests[index];
                using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(prepared.Body) };
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", prepared.AccessToken);
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Add(ref credentials, prepared.Credentials);
                }
                else if (Interlocked.Increment(ref failures) == 1)
                {
                    firstFailure = $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}";
                }
            }
        }));
        watch.Stop();
        var cpuAfter = issuer.CpuMilliseconds();
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalMilliseconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(
            all.Length,
            credentials,
            failures,
            watch.Elapsed,
            Percentile(all, 0.50),
            Percentile(all, 0.99),
            cpuBefore is { } b && cpuAfter is { } a ? a - b : null,
            clientCpu,
            firstFailure);
    }

    private static double Percentile(double[] sorted, double quantile)
        => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
