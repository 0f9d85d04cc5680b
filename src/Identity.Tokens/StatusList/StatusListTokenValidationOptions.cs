namespace Identity.Tokens.StatusList;

/// <summary>How a relying party validates status list tokens. There is no switch that turns a check off.</summary>
public sealed class StatusListTokenValidationOptions
{
    /// <summary>Defaults: system clock, 60 s skew, no freshness limit, <see cref="StatusListLimits.Default"/>, 8 MiB token.</summary>
    public static StatusListTokenValidationOptions Default { get; } = new();

    /// <summary>The clock for <c>iat</c>, <c>nbf</c> and <c>exp</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Tolerance for clock differences with the status issuer. Default 60 seconds.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Optional freshness policy: refuse a token whose <c>iat</c> is older than this (§8.3 step 4b).</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Size limits for the compressed and decompressed list.</summary>
    public StatusListLimits Limits { get; init; } = StatusListLimits.Default;

    /// <summary>Largest accepted compact JWT, in characters. Default 8 MiB (a 4 MiB list in base64url plus claims).</summary>
    public int MaxTokenLength { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Algorithms accepted for the token signature (RFC 8725 §3.1), intersected with the ones this project supports.
    /// Null accepts every supported algorithm. Another algorithm fails with <c>STATUS_LIST_ALG_UNSUPPORTED</c>.
    /// </summary>
    public IReadOnlyCollection<string>? AllowedAlgorithms { get; init; }
}
