namespace Identity.Issuer.Configuration;

/// <summary>
/// Demo mode: the synthetic citizens and the demonstration clients, whose password and secrets are public. On in the Development
/// environment; elsewhere only with <c>Issuer:SeedDemoData=true</c> on a loopback <c>Issuer:IssuerUri</c> (checked at startup by
/// <see cref="IssuerOptionsValidator"/>), so a public issuer can never sign a credential for a synthetic citizen.
/// </summary>
internal static class DemoMode
{
    public static bool IsOn(IHostEnvironment environment, IssuerOptions options)
        => environment.IsDevelopment() || (options.SeedDemoData && IsLoopbackIssuer(options.IssuerUri));

    /// <summary>Whether the issuer URL names this machine (localhost, 127.0.0.0/8 or ::1).</summary>
    public static bool IsLoopbackIssuer(string? issuerUri)
        => Uri.TryCreate(issuerUri, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
