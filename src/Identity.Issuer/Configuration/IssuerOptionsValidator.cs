using Microsoft.Extensions.Options;

namespace Identity.Issuer.Configuration;

/// <summary>Checks the issuer settings at startup; each message names the key to fix.</summary>
internal sealed class IssuerOptionsValidator(IHostEnvironment environment) : IValidateOptions<IssuerOptions>
{
    public ValidateOptionsResult Validate(string? name, IssuerOptions options)
    {
        var failures = new List<string>();
        var insecureAllowed = environment.IsDevelopment() || options.AllowInsecureHttp;

        if (!string.IsNullOrEmpty(options.IssuerUri))
        {
            if (!Uri.TryCreate(options.IssuerUri, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                failures.Add("Issuer:IssuerUri must be an absolute URL without query or fragment, e.g. https://id.example.gouv.qc.ca/.");
            }
            else if (uri.Scheme != Uri.UriSchemeHttps && !(insecureAllowed && uri.Scheme == Uri.UriSchemeHttp))
            {
                failures.Add("Issuer:IssuerUri must use https (OpenID Connect Discovery §3). Plain http is accepted only in the Development environment or with Issuer:AllowInsecureHttp=true on a developer machine.");
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && !environment.IsDevelopment() && !uri.IsLoopback)
            {
                failures.Add("Issuer:AllowInsecureHttp allows plain http only on a loopback Issuer:IssuerUri (localhost, 127.0.0.1, [::1]) outside the Development environment: a public issuer must use https.");
            }
        }
        else if (!insecureAllowed)
        {
            failures.Add("Issuer:IssuerUri is required outside the Development environment: set it to the public https URL of this service.");
        }

        if (options.SeedDemoData && !environment.IsDevelopment() && !DemoMode.IsLoopbackIssuer(options.IssuerUri))
        {
            failures.Add("Issuer:SeedDemoData=true (demo mode: synthetic citizens and demonstration clients with public secrets) is refused outside the Development environment unless Issuer:IssuerUri is a loopback URL. Set Issuer:SeedDemoData=false and Citizens:Registry:BaseUri.");
        }

        if (!string.IsNullOrEmpty(options.PairwiseSecret))
        {
            var buffer = new byte[options.PairwiseSecret.Length];
            if (!Convert.TryFromBase64String(options.PairwiseSecret, buffer, out var length) || length < 32)
            {
                failures.Add("Issuer:PairwiseSecret must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`), or left empty to generate one in the data folder.");
            }
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone ?? string.Empty, out _))
        {
            failures.Add("Issuer:TimeZone must be an IANA time zone known to this machine, e.g. America/Toronto.");
        }

        CheckPositive(failures, options.AuthorizationCodeLifetime, "Issuer:AuthorizationCodeLifetime");
        CheckPositive(failures, options.AccessTokenLifetime, "Issuer:AccessTokenLifetime");
        CheckPositive(failures, options.IdentityTokenLifetime, "Issuer:IdentityTokenLifetime");
        CheckPositive(failures, options.RefreshTokenLifetime, "Issuer:RefreshTokenLifetime");
        CheckPositive(failures, options.PushedRequestLifetime, "Issuer:PushedRequestLifetime");
        CheckPositive(failures, options.Login.FailureWindow, "Issuer:Login:FailureWindow");
        if (options.RefreshTokenReuseLeeway < TimeSpan.Zero)
        {
            failures.Add("Issuer:RefreshTokenReuseLeeway must be zero or positive (e.g. 00:00:00).");
        }

        if (options.ClientCacheLifetime < TimeSpan.Zero || options.ClientCacheLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("Issuer:ClientCacheLifetime must be between 00:00:00 (no cache) and 01:00:00 (e.g. 00:00:30).");
        }

        if (options.Login.MaxFailuresPerAccount < 1 || options.Login.MaxFailuresPerAddress < 1)
        {
            failures.Add("Issuer:Login:MaxFailuresPerAccount and Issuer:Login:MaxFailuresPerAddress must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPositive(List<string> failures, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a positive duration (hh:mm:ss), e.g. 00:02:00.");
        }
    }
}

/// <summary>Checks the database settings at startup.</summary>
internal sealed class DatabaseOptionsValidator(IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (string.Equals(options.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Success;
        }

        if (!string.Equals(options.Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail("Database:Provider must be Sqlite (default) or PostgreSQL.");
        }

        return string.IsNullOrWhiteSpace(configuration.GetConnectionString("Identity"))
            ? ValidateOptionsResult.Fail("Database:Provider=PostgreSQL needs ConnectionStrings:Identity (an Npgsql connection string, e.g. Host=db;Database=identity;Username=identity;Password=...).")
            : ValidateOptionsResult.Success;
    }
}
