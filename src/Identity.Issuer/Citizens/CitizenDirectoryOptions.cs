namespace Identity.Issuer.Citizens;

/// <summary>
/// Where citizens come from (configuration section <c>Citizens</c>). Production needs <see cref="Registry"/>: the synthetic
/// citizens exist only in the Development environment or in demo mode (<c>Issuer:SeedDemoData</c> on a loopback issuer).
/// </summary>
public sealed class CitizenDirectoryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Citizens";

    /// <summary>The civil registry's directory API (docs/citizen-directory.md).</summary>
    public CitizenRegistryOptions Registry { get; set; } = new();
}

/// <summary>The HTTP citizen registry (section <c>Citizens:Registry</c>).</summary>
public sealed class CitizenRegistryOptions
{
    /// <summary>Base URL of the registry's directory API, ending with <c>/</c> or not; https outside loopback development.</summary>
    public string? BaseUri { get; set; }

    /// <summary>
    /// Bearer credential sent as <c>Authorization: Bearer</c> on every call. Give it from a secret store
    /// (environment variable <c>Citizens__Registry__AccessToken</c>), never in appsettings.json.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>Time allowed for one call, connection included. Default 5 seconds; 1 to 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether a registry is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUri);
}
