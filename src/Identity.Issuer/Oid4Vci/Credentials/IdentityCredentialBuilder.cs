using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Issuer.Citizens;
using Identity.Issuer.Oid4Vci.Keys;
using Identity.Issuer.Oid4Vci.Metadata;
using Identity.Issuer.StatusLists;
using Identity.Tokens.SdJwt;
using Identity.Tokens.SdJwtVc;

namespace Identity.Issuer.Oid4Vci.Credentials;

/// <summary>
/// Builds the identity attestation (draft-ietf-oauth-sd-jwt-vc): every personal claim its own disclosure, address parts disclosable
/// one by one, decoys, the holder key in <c>cnf.jwk</c> and the status list entry.
/// </summary>
internal sealed class IdentityCredentialBuilder(CredentialSigningKeys keys, TimeProvider time)
{
    // RFC 9901 §4.2.4.1: the _sd order must not reveal the claims' order; sorting does that as well as shuffling (every digest is a
    // salted hash) and costs nothing, where a shuffle draws from RandomNumberGenerator once per digest.
    private static readonly SdJwtIssuanceOptions Issuance = new() { DecoyDigestsPerObject = 3, DigestOrder = SdDigestOrder.Sorted };
    private readonly SdJwtVcIssuer _issuer = new(time);

    public string Build(Citizen citizen, JsonObject holderJwk, StatusAllocation status, Oid4VciUrls urls, DateTimeOffset expiresAt)
    {
        var request = new SdJwtVcIssueRequest
        {
            Issuer = urls.CredentialIssuer,
            Vct = urls.Vct(IdentityCredentialType.TypeName),
            Claims = Claims(citizen, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)),
            HolderPublicJwk = holderJwk,
            Status = new SdJwtVcStatusReference(status.Index, status.Uri.AbsoluteUri),
            Expires = expiresAt,
            DiscloseNestedClaims = true,
        };
        return _issuer.Issue(request, keys.SigningCredentials, Issuance);
    }

    /// <summary>The personal claims; the age thresholds are computed on the day of issuance.</summary>
    public static JsonObject Claims(Citizen citizen, DateOnly today) => new()
    {
        ["given_name"] = citizen.GivenName,
        ["family_name"] = citizen.FamilyName,
        ["birthdate"] = citizen.Birthdate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["age_over_18"] = IsAtLeast(citizen.Birthdate, today, 18),
        ["age_over_19"] = IsAtLeast(citizen.Birthdate, today, 19),
        ["age_over_65"] = IsAtLeast(citizen.Birthdate, today, 65),
        ["address"] = new JsonObject
        {
            ["street_address"] = citizen.Address.StreetAddress,
            ["locality"] = citizen.Address.Locality,
            ["region"] = citizen.Address.Region,
            ["postal_code"] = citizen.Address.PostalCode,
            ["country"] = citizen.Address.Country,
        },
    };

    /// <summary>Someone born on 29 February turns N on 28 February of a non-leap year (AddYears clamps).</summary>
    public static bool IsAtLeast(DateOnly birthdate, DateOnly today, int years) => birthdate.AddYears(years) <= today;
}
