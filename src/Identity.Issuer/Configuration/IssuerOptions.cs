namespace Identity.Issuer.Configuration;

/// <summary>Settings of the OpenID Provider (configuration section <c>Issuer</c>). Every key is described in docs/configuration.md.</summary>
public sealed class IssuerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Issuer";

    /// <summary>
    /// Absolute issuer URL published in discovery and in every token. When empty, the URL of each request is used, which is only
    /// acceptable on a developer machine. Must be https unless the environment is Development or <see cref="AllowInsecureHttp"/> is on.
    /// </summary>
    public string? IssuerUri { get; set; }

    /// <summary>Folder holding the SQLite database, the signing and encryption keys and the pairwise secret. Default: <c>.data</c> under the content root.</summary>
    public string? DataPath { get; set; }

    /// <summary>Base64 secret (at least 32 bytes) for pairwise subject identifiers; generated in the data folder when empty.</summary>
    public string? PairwiseSecret { get; set; }

    /// <summary>Developer switch: accept plain http outside the Development environment. Never turn it on in production.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// Demo mode: seed the demonstration clients (public secrets) and sign in the synthetic citizens. Default false (true in
    /// appsettings.Development.json). Outside the Development environment it is refused unless <see cref="IssuerUri"/> is a
    /// loopback URL, and logged as a warning at every start.
    /// </summary>
    public bool SeedDemoData { get; set; }

    /// <summary>Lifetime of authorization codes. Default 2 minutes.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Lifetime of access tokens. Default 10 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of ID tokens. Default 10 minutes.</summary>
    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of refresh tokens. Default 8 hours.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Lifetime of pushed authorization request URIs (RFC 9126 §2.2). Default 90 seconds.</summary>
    public TimeSpan PushedRequestLifetime { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Grace period during which a rotated refresh token may still be used (concurrent requests). Default zero: any reuse of a rotated
    /// refresh token is treated as theft and revokes the whole chain (RFC 9700 §4.14.2).
    /// </summary>
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.Zero;

    /// <summary>Require pushed authorization requests (RFC 9126 §5) from every client. Default true; clients can also be flagged one by one.</summary>
    public bool RequirePushedAuthorizationRequests { get; set; } = true;

    /// <summary>
    /// How long a process keeps a client registration in memory instead of reading it from the database on every token request.
    /// Changes made through this process apply at once; a change made by another process (another replica) applies when the entry
    /// expires. Default 30 seconds; zero turns the cache off. Client authentication is still verified on every request.
    /// </summary>
    public TimeSpan ClientCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// IANA time zone in which the citizen pages show dates (an offer's expiry, an attestation's dates). Default
    /// <c>America/Toronto</c> (Québec's time).
    /// </summary>
    public string TimeZone { get; set; } = "America/Toronto";

    /// <summary>Login throttling settings.</summary>
    public LoginThrottleOptions Login { get; set; } = new();
}

/// <summary>Login throttling (section <c>Issuer:Login</c>).</summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Failed logins allowed for one account name within <see cref="FailureWindow"/> before it is locked. Default 5.</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed logins allowed from one client address within <see cref="FailureWindow"/>. Default 20.</summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>Window in which failures are counted; the lock lasts until the window ends. Default 15 minutes.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Database settings (section <c>Database</c>; the connection string is <c>ConnectionStrings:Identity</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (default, a file in the data folder) or <c>PostgreSQL</c> (needs <c>ConnectionStrings:Identity</c>).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// Apply pending EF Core migrations at startup (default <c>true</c>). Turn off where the service's database account may not
    /// change the schema: the schema is then upgraded by an operator (<c>dotnet ef database update</c>, a migrations bundle or
    /// a SQL script) and the service refuses to start on a database that is behind.
    /// </summary>
    public bool ApplyMigrations { get; set; } = true;
}
