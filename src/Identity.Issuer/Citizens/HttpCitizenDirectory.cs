using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.Citizens;

/// <summary>
/// The citizen directory of a civil registry reached over HTTP, against the contract of docs/citizen-directory.md:
/// <c>POST {base}/authenticate</c> checks a username and password, <c>GET {base}/citizens/{id}</c> reads a citizen. Answers are
/// read strictly (every field required, sizes bounded); anything outside the contract is <see cref="CitizenDirectoryUnavailableException"/>,
/// never a half-read citizen.
/// </summary>
internal sealed class HttpCitizenDirectory(IHttpClientFactory clients, IOptions<CitizenDirectoryOptions> options) : ICitizenDirectory
{
    /// <summary>The name of the <see cref="HttpClient"/> this directory uses.</summary>
    public const string ClientName = "citizen-registry";

    /// <summary>Largest answer read from the registry.</summary>
    internal const int MaxResponseBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 8,
    };

    public async ValueTask<Citizen?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var request = new HttpRequestMessage(HttpMethod.Get, "citizens/" + Uri.EscapeDataString(id));
        return await SendAsync(request, HttpStatusCode.NotFound, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Citizen?> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        using var request = new HttpRequestMessage(HttpMethod.Post, "authenticate")
        {
            Content = JsonContent.Create(new AuthenticateRequest(username.Trim(), password), options: Json),
        };
        return await SendAsync(request, HttpStatusCode.Unauthorized, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Citizen?> SendAsync(HttpRequestMessage request, HttpStatusCode notFound, CancellationToken cancellationToken)
    {
        var registry = options.Value.Registry;
        request.RequestUri = new Uri(BaseOf(registry), request.RequestUri!);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(registry.AccessToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registry.AccessToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(registry.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == notFound)
            {
                return null;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw Unavailable(string.Create(CultureInfo.InvariantCulture, $"answered HTTP {(int)response.StatusCode}"));
            }

            if (response.Content.Headers.ContentType?.MediaType is not "application/json")
            {
                throw Unavailable("answered without Content-Type application/json");
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw Unavailable("answered more than " + MaxResponseBytes + " bytes");
            }

            var body = await ReadBoundedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return Parse(body);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable("did not answer within " + registry.Timeout, exception);
        }
        catch (HttpRequestException exception)
        {
            throw Unavailable("could not be reached", exception);
        }
    }

    private static Uri BaseOf(CitizenRegistryOptions registry)
    {
        var text = registry.BaseUri!;
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw Unavailable("answered more than " + MaxResponseBytes + " bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>Reads one citizen record; every field is required and checked (docs/citizen-directory.md).</summary>
    internal static Citizen Parse(ReadOnlySpan<byte> body)
    {
        CitizenRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<CitizenRecord>(body, Json);
        }
        catch (JsonException exception)
        {
            throw Unavailable("answered a citizen record that is not valid JSON or misses a required member", exception);
        }

        if (record?.Address is null)
        {
            throw Unavailable("answered null instead of a citizen record or its address");
        }

        if (!DateOnly.TryParseExact(record.Birthdate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthdate))
        {
            throw Unavailable("answered a birthdate that is not YYYY-MM-DD");
        }

        if (record.AssuranceLevel is < 1 or > 3)
        {
            throw Unavailable("answered an assurance_level other than 1, 2 or 3");
        }

        var address = record.Address;
        string[] texts = [record.Id, record.Username, record.GivenName, record.FamilyName, record.Email,
            address.StreetAddress, address.Locality, address.Region, address.PostalCode, address.Country];
        if (texts.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 256))
        {
            throw Unavailable("answered an empty or over-long (more than 256 characters) text member");
        }

        return new Citizen(record.Id, record.Username, record.GivenName, record.FamilyName, birthdate,
            new PostalAddress(address.StreetAddress, address.Locality, address.Region, address.PostalCode, address.Country),
            record.Email, record.AssuranceLevel);
    }

    private static CitizenDirectoryUnavailableException Unavailable(string what, Exception? cause = null)
    {
        var message = "The citizen registry " + what + ".";
        return cause is null ? new CitizenDirectoryUnavailableException(message) : new CitizenDirectoryUnavailableException(message, cause);
    }

    private sealed record AuthenticateRequest(string Username, string Password);

    private sealed class CitizenRecord
    {
        [JsonRequired] public string Id { get; init; } = "";
        [JsonRequired] public string Username { get; init; } = "";
        [JsonRequired] public string GivenName { get; init; } = "";
        [JsonRequired] public string FamilyName { get; init; } = "";
        [JsonRequired] public string Birthdate { get; init; } = "";
        [JsonRequired] public AddressRecord Address { get; init; } = new();
        [JsonRequired] public string Email { get; init; } = "";
        [JsonRequired] public int AssuranceLevel { get; init; }
    }

    private sealed class AddressRecord
    {
        [JsonRequired] public string StreetAddress { get; init; } = "";
        [JsonRequired] public string Locality { get; init; } = "";
        [JsonRequired] public string Region { get; init; } = "";
        [JsonRequired] public string PostalCode { get; init; } = "";
        [JsonRequired] public string Country { get; init; } = "";
    }
}
