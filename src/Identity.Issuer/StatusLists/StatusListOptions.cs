using Identity.Issuer.Configuration;
using Microsoft.Extensions.Options;

namespace Identity.Issuer.StatusLists;

/// <summary>Status list settings (configuration section <c>StatusLists</c>); described in docs/status-lists.md.</summary>
public sealed class StatusListOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "StatusLists";

    /// <summary>The herd-privacy floor: a verifier fetching a list learns only that the credential is one of this many.</summary>
    public const int MinimumProductionSize = 131_072;

    /// <summary>
    /// Entries per list. Default and minimum 131,072 (draft-ietf-oauth-status-list-20 §13.2, herd privacy); smaller lists are accepted
    /// only in the Development environment, so that tests can fill a list.
    /// </summary>
    public int Size { get; set; } = MinimumProductionSize;

    /// <summary>
    /// Base URL of the status list token endpoint (an absolute https URL). Empty: <c>Issuer:IssuerUri</c>. A token's URL is this
    /// base followed by <c>/status-lists/{id}</c>; referenced tokens require https (§6.2), so allocation fails without one.
    /// </summary>
    public string? BaseUri { get; set; }

    /// <summary>The <c>ttl</c> claim: how long a verifier may cache a token (§5.1). Default 5 minutes.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Validity of a signed token (<c>exp</c> = <c>iat</c> + this). Default 1 day; tokens are re-signed at half this age.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>ZLIB level of <c>lst</c>. Default 6: about ten times faster than 9 on a 1M-entry list for a few bytes more (docs/performance.md).</summary>
    public int CompressionLevel { get; set; } = 6;
}

internal sealed class StatusListOptionsValidator(IHostEnvironment environment, IOptions<IssuerOptions> issuer) : IValidateOptions<StatusListOptions>
{
    public ValidateOptionsResult Validate(string? name, StatusListOptions options)
    {
        var failures = new List<string>();
        if (options.Size < 8 || options.Size % 4 != 0)
        {
            failures.Add("StatusLists:Size must be a multiple of 4 and at least 8.");
        }
        else if (options.Size < StatusListOptions.MinimumProductionSize && !environment.IsDevelopment())
        {
            failures.Add($"StatusLists:Size must be at least {StatusListOptions.MinimumProductionSize} outside Development (herd privacy); remove the setting to use the default.");
        }

        if (options.TimeToLive < TimeSpan.FromSeconds(1))
        {
            failures.Add("StatusLists:TimeToLive must be at least one second.");
        }

        if (options.TokenLifetime <= options.TimeToLive)
        {
            failures.Add("StatusLists:TokenLifetime must be longer than StatusLists:TimeToLive, or cached tokens expire before verifiers refresh them.");
        }

        if (options.CompressionLevel is < 1 or > 9)
        {
            failures.Add("StatusLists:CompressionLevel must be 1 to 9.");
        }

        var baseUri = StatusListUris.BaseOf(options, issuer.Value);
        // Outside Development only https, or plain http on a loopback host with Issuer:AllowInsecureHttp (loopback test processes).
        if (baseUri is not null && !environment.IsDevelopment() && !StatusListUris.IsHttps(baseUri)
            && !(issuer.Value.AllowInsecureHttp && StatusListUris.IsLoopbackHttp(baseUri)))
        {
            failures.Add("StatusLists:BaseUri (or Issuer:IssuerUri) must be an absolute https URL: status list URIs are https (draft-ietf-oauth-status-list §6.2). Plain http is accepted only on a loopback host with Issuer:AllowInsecureHttp=true.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Builds the public URL of a status list token.</summary>
internal static class StatusListUris
{
    public static string? BaseOf(StatusListOptions options, IssuerOptions issuer)
    {
        var configured = string.IsNullOrWhiteSpace(options.BaseUri) ? issuer.IssuerUri : options.BaseUri;
        return string.IsNullOrWhiteSpace(configured) ? null : configured.TrimEnd('/');
    }

    public static bool IsHttps(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttps;

    /// <summary>
    /// Plain http on a loopback host, allowed only with <c>Issuer:AllowInsecureHttp</c> (a developer machine): verifiers accept such a
    /// URI only with their own development option, the same rule as the verifier SDK's.
    /// </summary>
    public static bool IsLoopbackHttp(string uri)
        => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback;

    /// <summary>The list's URL. Misconfiguration (no https base) throws: a credential must never carry a status URI verifiers refuse.</summary>
    public static Uri For(string listId, StatusListOptions options, IssuerOptions issuer)
    {
        var baseUri = BaseOf(options, issuer);
        if (baseUri is null || !(IsHttps(baseUri) || (issuer.AllowInsecureHttp && IsLoopbackHttp(baseUri))))
        {
            throw new InvalidOperationException("Status lists need an https base URL: set StatusLists:BaseUri or Issuer:IssuerUri to an absolute https URL (plain http only on a loopback host with Issuer:AllowInsecureHttp=true).");
        }

        return new Uri($"{baseUri}/status-lists/{listId}", UriKind.Absolute);
    }
}
