namespace Identity.Tokens.StatusList;

/// <summary>What to put in a status list token besides the list itself (draft-ietf-oauth-status-list-20 §5.1).</summary>
public sealed class StatusListTokenDescriptor
{
    /// <summary>The <c>sub</c> claim: the token's own URI, which referenced tokens carry as <c>status_list.uri</c>. Absolute https.</summary>
    public required string Uri { get; init; }

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
