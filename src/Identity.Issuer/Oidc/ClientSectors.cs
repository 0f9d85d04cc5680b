using System.Text.Json;
using OpenIddict.Abstractions;

namespace Identity.Issuer.Oidc;

/// <summary>
/// Reads a client's sector identifier (OpenID Connect Core §8.1), stored in the application's <c>Properties</c> under
/// <see cref="PropertyName"/>. A client without one is its own sector (its client_id).
/// </summary>
internal sealed class ClientSectors(IOpenIddictApplicationManager applications)
{
    public const string PropertyName = "sector_identifier";

    public async ValueTask<string> GetSectorAsync(object application, CancellationToken cancellationToken)
    {
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        if (properties.TryGetValue(PropertyName, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } sector)
        {
            return sector;
        }

        return await applications.GetClientIdAsync(application, cancellationToken)
            ?? throw new InvalidOperationException("A registered application has no client_id.");
    }
}
