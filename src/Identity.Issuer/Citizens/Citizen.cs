namespace Identity.Issuer.Citizens;

/// <summary>A citizen known to the directory. <see cref="Id"/> is internal and never leaves the service (subjects are pairwise).</summary>
/// <param name="Id">Internal, stable identifier.</param>
/// <param name="Username">Login name.</param>
/// <param name="GivenName">Given name.</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="Birthdate">Date of birth.</param>
/// <param name="Address">Postal address.</param>
/// <param name="Email">Email address (verified).</param>
/// <param name="AssuranceLevel">Identity assurance level, 1 to 3, mapped to the PCTF levels (see <c>AssuranceLevels</c>).</param>
public sealed record Citizen(
    string Id,
    string Username,
    string GivenName,
    string FamilyName,
    DateOnly Birthdate,
    PostalAddress Address,
    string Email,
    int AssuranceLevel);

/// <summary>Postal address parts (OpenID Connect Core §5.1.1).</summary>
public sealed record PostalAddress(string StreetAddress, string Locality, string Region, string PostalCode, string Country);

/// <summary>The citizen directory. The embedded default holds synthetic citizens; a real one would front the civil registry.</summary>
public interface ICitizenDirectory
{
    /// <summary>Finds a citizen by internal identifier; null when unknown.</summary>
    ValueTask<Citizen?> FindByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks a username and password. Returns the citizen, or null when the account is unknown or the password wrong; both cases take
    /// the same work so that timing does not reveal whether an account exists.
    /// </summary>
    ValueTask<Citizen?> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken = default);
}
