using System.Net;

namespace Identity.Issuer.SystemTests.Flow;

/// <summary>
/// An HTTP client that keeps cookies and does not follow redirects, so a test sees each step of the front channel.
/// Cookies are kept per host name and port-independent, as browsers do, so one instance can visit two replicas.
/// </summary>
internal sealed class ScriptedBrowser : IDisposable
{
    private readonly HttpClient _http;

    public ScriptedBrowser(string acceptLanguage = "fr-CA")
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true }) { Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken) => _http.GetAsync(url, cancellationToken);

    public Task<HttpResponseMessage> PostAsync(Uri url, HttpContent content, CancellationToken cancellationToken) => _http.PostAsync(url, content, cancellationToken);

    public void Dispose() => _http.Dispose();
}
