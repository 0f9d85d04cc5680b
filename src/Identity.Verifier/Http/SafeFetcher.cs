using System.Net;
using System.Net.Http.Headers;
using Identity.Tokens.Results;

namespace Identity.Verifier.Http;

/// <summary>A fetched HTTP body with its media type.</summary>
internal sealed record FetchedDocument(Uri Uri, byte[] Body, string MediaType);

/// <summary>
/// Fetches issuer metadata, JWKS and status lists with the defences a verifier needs against a hostile URL:
/// https only (loopback http only when the development option is on), no automatic redirects and at most one
/// redirect to the same origin, a response size limit, a timeout and a content-type check.
/// </summary>
internal sealed class SafeFetcher(HttpClient httpClient, AttestationVerifierOptions options)
{
    private const int MaxRedirects = 1;

    /// <summary>Creates the handler the verifier uses when no HttpClient is injected: automatic redirects off, no cookies.</summary>
    internal static HttpMessageHandler CreateDefaultHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    public async Task<TokenResult<FetchedDocument>> GetAsync(Uri uri, IReadOnlyCollection<string> acceptedMediaTypes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.FetchTimeout);
        try
        {
            var current = uri;
            for (var redirects = 0; ; redirects++)
            {
                if (CheckUrl(current) is { } refused)
                {
                    return refused;
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                foreach (var mediaType in acceptedMediaTypes)
                {
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
                }

                using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);

                // An injected HttpClient might follow redirects itself: refuse whatever ended up on another origin.
                if (response.RequestMessage?.RequestUri is { } final && !SameOrigin(final, current))
                {
                    return Fail(VerifierErrorCodes.FetchRedirectRefused, "The server redirected to another host.", "redirect followed by the HttpClient");
                }

                if (IsRedirect(response.StatusCode))
                {
                    var location = response.Headers.Location;
                    if (location is null || redirects >= MaxRedirects)
                    {
                        return Fail(VerifierErrorCodes.FetchRedirectRefused, "Too many redirects.", $"status {(int)response.StatusCode}");
                    }

                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (!SameOrigin(next, current))
                    {
                        return Fail(VerifierErrorCodes.FetchRedirectRefused, "The server redirected to another host.", $"to {next.Host}");
                    }

                    current = next;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return Fail(VerifierErrorCodes.FetchFailed, "The server answered with an error.", $"status {(int)response.StatusCode} for {current.Host}");
                }

                var mediaTypeHeader = response.Content.Headers.ContentType?.MediaType;
                if (mediaTypeHeader is null || !acceptedMediaTypes.Contains(mediaTypeHeader, StringComparer.OrdinalIgnoreCase))
                {
                    return Fail(VerifierErrorCodes.FetchContentType, "The response has an unexpected content type.", $"content type '{mediaTypeHeader}'");
                }

                if (response.Content.Headers.ContentLength is long length && length > options.MaxResponseBytes)
                {
                    return Fail(VerifierErrorCodes.FetchTooLarge, "The response is larger than allowed.", $"content-length {length}");
                }

                var body = await ReadLimitedAsync(response.Content, options.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
                return body is null
                    ? Fail(VerifierErrorCodes.FetchTooLarge, "The response is larger than allowed.", "body exceeded the limit")
                    : TokenResult<FetchedDocument>.Success(new FetchedDocument(current, body, mediaTypeHeader));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(VerifierErrorCodes.FetchTimeout, "The server did not answer in time.", $"timeout {options.FetchTimeout}");
        }
        catch (HttpRequestException e)
        {
            return Fail(VerifierErrorCodes.FetchFailed, "The server could not be reached.", e.HttpRequestError.ToString());
        }
    }

    /// <summary>https only; http only for loopback hosts and only with the development option.</summary>
    internal TokenError? CheckUrl(Uri uri)
    {
        if (!uri.IsAbsoluteUri || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return new TokenError(VerifierErrorCodes.FetchInsecureUrl, "The URL must be absolute https without credentials.");
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && options.AllowLoopbackHttp && IsLoopback(uri))
        {
            return null;
        }

        return new TokenError(VerifierErrorCodes.FetchInsecureUrl, "Only https URLs are fetched.", Detail: $"scheme {uri.Scheme} host {uri.Host}");
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    /// <summary>Reads a body of at most <paramref name="limit"/> bytes; null when it is larger (read stops at the limit).</summary>
    internal static async Task<byte[]?> ReadLimitedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static TokenResult<FetchedDocument> Fail(string code, string description, string detail) =>
        TokenResult<FetchedDocument>.Failure(code, description, detail: detail);
}
