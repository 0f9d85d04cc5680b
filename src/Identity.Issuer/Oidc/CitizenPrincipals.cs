using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Identity.Issuer.Citizens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Oidc;

/// <summary>
/// Builds the principal OpenIddict turns into tokens after login and consent. The internal citizen id never enters a token: it is
/// kept on the authorization entry (server-side), which userinfo and refresh read back through the token's authorization id.
/// </summary>
internal sealed class CitizenPrincipals(
    PairwiseSubject pairwise,
    ClientSectors sectors,
    ICitizenDirectory directory,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    TimeProvider timeProvider)
{
    private const string CitizenProperty = "citizen";

    public async Task<ClaimsPrincipal> CreateAsync(Citizen citizen, object application, IReadOnlyCollection<string> scopes, DateTimeOffset authenticatedAt, CancellationToken cancellationToken)
    {
        var sector = await sectors.GetSectorAsync(application, cancellationToken);
        var subject = pairwise.Compute(sector, citizen.Id);

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject)
            .SetClaim(Claims.AuthenticationContextReference, AssuranceLevels.ToAcr(citizen.AssuranceLevel))
            .SetClaim(Claims.AuthenticationTime, authenticatedAt.ToUnixTimeSeconds());
        identity.AddClaims(ScopeClaims.For(citizen, scopes));
        identity.SetScopes(scopes);

        var descriptor = new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = await applications.GetIdAsync(application, cancellationToken),
            Subject = subject,
            Status = Statuses.Valid,
            Type = AuthorizationTypes.AdHoc,
            CreationDate = timeProvider.GetUtcNow(),
        };
        descriptor.Scopes.UnionWith(scopes);
        descriptor.Properties[CitizenProperty] = JsonSerializer.SerializeToElement(citizen.Id);
        var authorization = await authorizations.CreateAsync(descriptor, cancellationToken);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization, cancellationToken));

        identity.SetDestinations(DestinationsOf);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The citizen behind a token principal, through its authorization entry; null when the authorization or citizen is gone.</summary>
    public async Task<Citizen?> FindCitizenAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var authorizationId = principal.GetAuthorizationId();
        if (string.IsNullOrEmpty(authorizationId) || await authorizations.FindByIdAsync(authorizationId, cancellationToken) is not { } authorization)
        {
            return null;
        }

        var properties = await authorizations.GetPropertiesAsync(authorization, cancellationToken);
        return properties.TryGetValue(CitizenProperty, out var id) && id.ValueKind == JsonValueKind.String
            ? await directory.FindByIdAsync(id.GetString()!, cancellationToken)
            : null;
    }

    /// <summary>
    /// Personal claims go to the ID token only (OpenID Connect Core §5.4) and to userinfo; access tokens carry the pairwise subject,
    /// the acr and the scopes, never personal data.
    /// </summary>
    public static IEnumerable<string> DestinationsOf(Claim claim) => claim.Type switch
    {
        Claims.Subject or Claims.AuthenticationContextReference => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.AuthenticationTime or Claims.GivenName or Claims.FamilyName or Claims.Birthdate or Claims.Address or Claims.Email
            or Claims.EmailVerified => [Destinations.IdentityToken],
        _ => [],
    };
}
