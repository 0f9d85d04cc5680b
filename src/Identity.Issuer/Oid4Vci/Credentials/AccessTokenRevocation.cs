using Identity.Issuer.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Oid4Vci.Credentials;

/// <summary>
/// Whether OpenIddict still considers an access token valid: its token entry and the authorization it belongs to, both with status
/// <c>valid</c>. OpenIddict revokes the token entries of an authorization when a refresh token is reused (RFC 9700 §4.14.2), and an
/// authorization can be revoked as a whole; a self-contained JWT knows neither, so the credential endpoint asks.
/// </summary>
/// <remarks>
/// One query by primary key with the authorization joined (two lookups through the token and authorization managers would be two
/// round trips). No cache: a revocation takes effect at the next request.
/// </remarks>
internal sealed class AccessTokenRevocation(IssuerDbContext database)
{
    // Compiled once: the LINQ translation would otherwise cost as much as the query itself on every credential request.
    private static readonly Func<IssuerDbContext, string, CancellationToken, Task<TokenState?>> Query = EF.CompileAsyncQuery(
        (IssuerDbContext context, string id, CancellationToken _) => context.Set<OpenIddictEntityFrameworkCoreToken>()
            .AsNoTracking()
            .Where(token => token.Id == id)
            .Select(token => new TokenState(token.Status, token.Authorization != null, token.Authorization != null ? token.Authorization.Status : null))
            .FirstOrDefault());

    public async Task<bool> IsActiveAsync(string tokenId, CancellationToken cancellationToken)
    {
        var entry = await Query(database, tokenId, cancellationToken);

        // Fail closed: an entry that is gone (pruned, or never written) is not valid.
        return entry is not null
            && string.Equals(entry.Status, Statuses.Valid, StringComparison.Ordinal)
            && (!entry.HasAuthorization || string.Equals(entry.AuthorizationStatus, Statuses.Valid, StringComparison.Ordinal));
    }

    private sealed record TokenState(string? Status, bool HasAuthorization, string? AuthorizationStatus);
}
