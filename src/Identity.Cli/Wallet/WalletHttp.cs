using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Verifier;
using Identity.Verifier.Http;

namespace Identity.Cli.Wallet;

/// <summary>
/// The wallet's HTTP: the verifier SDK's safe fetcher for GETs (https only, loopback http only with
/// <c>--allow-loopback-http</c>, no cross-origin redirects, bounded bodies, a timeout), and POSTs under the same URL rules.
/// </summary>
internal sealed class WalletHttp(HttpClient http, bool allowLoopbackHttp)
{
    private const int MaxBody = 1024 * 1024;

    private readonly AttestationVerifierOptions _rules = new() { AllowLoopbackHttp = allowLoopbackHttp };

    public bool AllowLoopbackHttp => allowLoopbackHttp;

    /// <summary>Refuses a URL the wallet must not talk to (not https, or http that is not loopback or not allowed).</summary>
    public void CheckUrl(Uri uri, string what)
    {
        if (new SafeFetcher(http, _rules).CheckUrl(uri) is { } refused)
        {
            throw new WalletException($"{what} {uri} is refused: {refused.Description}" +
                (uri.Scheme == Uri.UriSchemeHttp && SafeFetcher.IsLoopback(uri) ? " (add --allow-loopback-http on a developer machine)" : string.Empty));
        }
    }

    public async Task<JsonObject> GetJsonAsync(Uri uri, string what, CancellationToken cancellationToken, params string[] mediaTypes)
    {
        CheckUrl(uri, what);
        var fetched = await new SafeFetcher(http, _rules).GetAsync(uri, mediaTypes.Length == 0 ? ["application/json"] : mediaTypes, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            throw new WalletException($"{what} could not be read from {uri}: {fetched.Error.Code} {fetched.Error.Description} {fetched.Error.Detail}".TrimEnd());
        }

        return ParseObject(fetched.Value.Body, what);
    }

    public Task<(int Status, JsonObject? Body, string Text)> PostFormAsync(Uri uri, IReadOnlyDictionary<string, string> form, string what, CancellationToken cancellationToken, AuthenticationHeaderValue? authorization = null)
        => PostAsync(uri, new FormUrlEncodedContent(form), what, authorization, cancellationToken);

    public Task<(int Status, JsonObject? Body, string Text)> PostJsonAsync(Uri uri, JsonObject body, string what, AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
        => PostAsync(uri, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), what, authorization, cancellationToken);

    private async Task<(int Status, JsonObject? Body, string Text)> PostAsync(Uri uri, HttpContent content, string what, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        CheckUrl(uri, what);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Authorization = authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var bytes = await SafeFetcher.ReadLimitedAsync(response.Content, MaxBody, timeout.Token).ConfigureAwait(false)
                ?? throw new WalletException("the server's answer is larger than 1 MiB");
            var text = Encoding.UTF8.GetString(bytes);
            JsonObject? json = null;
            if (response.Content.Headers.ContentType?.MediaType == "application/json" && bytes.Length > 0)
            {
                json = ParseObject(bytes, what);
            }

            return ((int)response.StatusCode, json, text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WalletException($"{what} at {uri} did not answer within 30 s");
        }
        catch (HttpRequestException e)
        {
            throw new WalletException($"{what} at {uri} could not be reached: {e.Message}", e);
        }
    }

    private static JsonObject ParseObject(byte[] body, string what)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw new WalletException($"{what} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new WalletException($"{what} is not valid JSON: {e.Message}", e);
        }
    }
}
