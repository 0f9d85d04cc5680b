using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Identity.Issuer.Citizens;
using Identity.Issuer.Oid4Vci.Metadata;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Issuer.Oidc;

/// <summary>Which claims each scope releases (OpenID Connect Core §5.4, narrowed to what a government service needs).</summary>
internal static class ScopeClaims
{
    public const string BirthdateScope = "birthdate";

    /// <summary>Scopes that release personal claims, in the order the consent page lists them.</summary>
    public static readonly IReadOnlyList<string> PersonalScopes = [Scopes.Profile, BirthdateScope, Scopes.Address, Scopes.Email];

    /// <summary>
    /// What the credential scope puts into the identity attestation (OpenID4VCI §5.1.2), as consent text keys in display order: each
    /// claim of <see cref="IdentityCredentialType.Claims"/>, the address by its parts (each part is its own disclosure).
    /// </summary>
    public static IReadOnlyList<string> CredentialClaims { get; } =
        [.. IdentityCredentialType.Claims.Where(c => c.Path is not [Claims.Address]).Select(c => string.Join('.', c.Path))];

    public static IReadOnlyList<string> ClaimsOf(string scope) => scope switch
    {
        Scopes.Profile => [Claims.GivenName, Claims.FamilyName],
        BirthdateScope => [Claims.Birthdate],
        Scopes.Address => [Claims.Address],
        Scopes.Email => [Claims.Email, Claims.EmailVerified],
        _ => [],
    };

    /// <summary>The claims of <paramref name="citizen"/> released by <paramref name="scopes"/>.</summary>
    public static IEnumerable<Claim> For(Citizen citizen, IEnumerable<string> scopes)
    {
        var granted = scopes.ToHashSet(StringComparer.Ordinal);
        if (granted.Contains(Scopes.Profile))
        {
            yield return new Claim(Claims.GivenName, citizen.GivenName);
            yield return new Claim(Claims.FamilyName, citizen.FamilyName);
        }

        if (granted.Contains(BirthdateScope))
        {
            // §5.1: birthdate is YYYY-MM-DD.
            yield return new Claim(Claims.Birthdate, citizen.Birthdate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (granted.Contains(Scopes.Address))
        {
            var address = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["street_address"] = citizen.Address.StreetAddress,
                ["locality"] = citizen.Address.Locality,
                ["region"] = citizen.Address.Region,
                ["postal_code"] = citizen.Address.PostalCode,
                ["country"] = citizen.Address.Country,
            });
            yield return new Claim(Claims.Address, address, "JSON");
        }

        if (granted.Contains(Scopes.Email))
        {
            yield return new Claim(Claims.Email, citizen.Email);
            yield return new Claim(Claims.EmailVerified, "true", ClaimValueTypes.Boolean);
        }
    }
}
