namespace Identity.Issuer.Oidc;

/// <summary>
/// <c>acr</c> values (OpenID Connect Core §2) for the Pan-Canadian Trust Framework levels of assurance 1 to 3. The URNs are chosen by
/// this project (PCTF publishes no registered acr URIs); a higher level satisfies a request for a lower one.
/// </summary>
internal static class AssuranceLevels
{
    public const string Level1 = "urn:ca:pctf:loa:1";
    public const string Level2 = "urn:ca:pctf:loa:2";
    public const string Level3 = "urn:ca:pctf:loa:3";

    public static readonly IReadOnlyList<string> All = [Level1, Level2, Level3];

    public static string ToAcr(int level) => All[Math.Clamp(level, 1, 3) - 1];

    /// <summary>Parses an acr value; 0 when unknown.</summary>
    public static int ToLevel(string acr) => acr switch
    {
        Level1 => 1,
        Level2 => 2,
        Level3 => 3,
        _ => 0,
    };

    /// <summary>
    /// The level the request needs, from <c>acr_values</c> (§3.1.2.1: space-separated, in order of preference). Any listed value the
    /// citizen meets is acceptable, so the lowest known level is the requirement; null when no known value was asked for.
    /// </summary>
    public static int? Required(IEnumerable<string> acrValues)
    {
        var levels = acrValues.Select(ToLevel).Where(l => l > 0).ToList();
        return levels.Count == 0 ? null : levels.Min();
    }
}
