namespace Identity.Tokens.StatusList;

/// <summary>What to put in a status list token besides the list itself (draft-ietf-oauth-status-list-20 §5.1).</summary>
public sealed class StatusListTokenDescriptor
{
    /// <summary>The <c>sub</c> claim: the token's own URI, which referenced tokens carry as <c>status_list.uri</c>. Absolute https.</summary>
    public required string Uri { get; init; }

    /// <summary>
    /// Development only: also accept a plain <c>http</c> <see cref="Uri"/> on a loopback host (localhost, 127.0.0.0/8, ::1), for an
    /// issuer running on a developer machine. Default false; verifiers fetch such a URI only with their own loopback-http option.
    /// </summary>
    public bool AllowLoopbackHttp { get; init; }

    /// <summary>Optional <c>iss</c> claim.</summary>
    public string? Issuer { get; init; }

    /// <summary>Sets <c>exp</c> to <c>iat</c> + this (RECOMMENDED by §5.1). Null omits <c>exp</c>.</summary>
    public TimeSpan? Lifetime { get; init; }

    /// <summary>The <c>ttl</c> claim in whole seconds (RECOMMENDED by §5.1); must be positive. Null omits it.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>ZLIB level 1 to 9 for <c>lst</c>. Default 9, the highest, as §4.1 RECOMMENDS; lower is faster and larger.</summary>
    public int CompressionLevel { get; init; } = 9;

    /// <summary>The JWS algorithm; null picks <see cref="Jose.JoseAlgorithms.ForKey"/>.</summary>
    public string? Algorithm { get; init; }
}
