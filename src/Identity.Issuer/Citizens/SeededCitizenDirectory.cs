namespace Identity.Issuer.Citizens;

/// <summary>
/// The embedded directory of synthetic citizens (never real people), for development and tests. Every account uses the documented
/// demonstration password <see cref="DemoPassword"/>; hashes are computed once per process with a fresh salt.
/// </summary>
internal sealed class SeededCitizenDirectory : ICitizenDirectory
{
    /// <summary>The password of every synthetic account (documented in docs/issuer-login.md).</summary>
    public const string DemoPassword = "Demo-Citoyen-2026";

    private static readonly Lazy<Entry[]> Entries = new(Create);
    private static readonly Lazy<string> DummyHash = new(() => Argon2idPasswordHasher.Hash("not-a-password"));

    private sealed record Entry(Citizen Citizen, string PasswordHash);

    public ValueTask<Citizen?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Entries.Value.FirstOrDefault(e => e.Citizen.Id == id)?.Citizen);

    public ValueTask<Citizen?> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var entry = Entries.Value.FirstOrDefault(e => string.Equals(e.Citizen.Username, username.Trim(), StringComparison.OrdinalIgnoreCase));
        // An unknown account still costs one Argon2id computation, so timing does not tell whether it exists.
        var valid = Argon2idPasswordHasher.Verify(password, entry?.PasswordHash ?? DummyHash.Value);
        return ValueTask.FromResult(entry is not null && valid ? entry.Citizen : null);
    }

    private static Entry[] Create()
    {
        Citizen[] citizens =
        [
            new("cit-7f3a9c21", "marie.tremblay", "Marie", "Tremblay", new DateOnly(1985, 4, 12),
                new PostalAddress("1200, rue des Érables", "Québec", "QC", "G1R 2B5", "CA"), "marie.tremblay@exemple.qc.ca", 3),
            new("cit-2b81e4d0", "jean.gagnon", "Jean", "Gagnon", new DateOnly(2008, 11, 3),
                new PostalAddress("45, avenue du Parc", "Montréal", "QC", "H2V 4E7", "CA"), "jean.gagnon@exemple.qc.ca", 2),
            new("cit-c45d7e88", "sophie.roy", "Sophie", "Roy", new DateOnly(1952, 1, 27),
                new PostalAddress("8, chemin du Lac", "Sherbrooke", "QC", "J1H 5N4", "CA"), "sophie.roy@exemple.qc.ca", 1),
        ];
        return citizens.Select(c => new Entry(c, Argon2idPasswordHasher.Hash(DemoPassword))).ToArray();
    }
}
