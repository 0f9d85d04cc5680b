using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Identity.Cli.Tests;

/// <summary>A real HTTP listener on a free 127.0.0.1 port that answers each request with <see cref="Respond"/>.</summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string, string, string, (int Status, string? ContentType, string? Body)> _respond;

    /// <param name="respond">Method, path and body of a request to its status, content type and body (null: none).</param>
    public LoopbackServer(Func<string, string, string, (int Status, string? ContentType, string? Body)> respond)
    {
        _respond = respond;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Base = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Base + "/");
        _listener.Start();
        _ = ServeAsync();
    }

    /// <summary>http://127.0.0.1:port, without a trailing slash.</summary>
    public string Base { get; }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            try
            {
                var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
                var (status, contentType, answer) = _respond(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body);
                context.Response.StatusCode = status;
                if (answer is not null)
                {
                    context.Response.ContentType = contentType;
                    await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer));
                }
            }
            finally
            {
                context.Response.Close();
            }
        }
    }
}
