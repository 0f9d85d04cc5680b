using Identity.Tokens.Results;

namespace Identity.Tokens.StatusList;

/// <summary>A validated status list token (draft-ietf-oauth-status-list-20 §5.1) and its decoded list.</summary>
public sealed class StatusListToken
{
    /// <summary>The JWT <c>typ</c> header value (§5.1).</summary>
    public const string JwtType = "statuslist+jwt";

    /// <summary>The HTTP media type of a status list token in JWT format (§8.1).</summary>
    public const string MediaType = "application/statuslist+jwt";

    internal StatusListToken(string subject, DateTimeOffset issuedAt, DateTimeOffset? expiresAt, TimeSpan? timeToLive, string? issuer, string? keyId, TokenStatusList list)
    {
        Subject = subject;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        TimeToLive = timeToLive;
        Issuer = issuer;
        KeyId = keyId;
        List = list;
    }

    /// <summary>The <c>sub</c> claim: the URI of this status list token.</summary>
    public string Subject { get; }

    /// <summary>The <c>iat</c> claim.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>The <c>exp</c> claim, when present.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The <c>ttl</c> claim: how long a consumer may cache the token before fetching a fresh copy (§13.7).</summary>
    public TimeSpan? TimeToLive { get; }

    /// <summary>The <c>iss</c> claim, when present.</summary>
    public string? Issuer { get; }

    /// <summary>The <c>kid</c> header, when present.</summary>
    public string? KeyId { get; }

    /// <summary>The decoded <c>status_list</c> claim.</summary>
    public TokenStatusList List { get; }

    /// <summary>The status at <paramref name="index"/>, or <see cref="StatusListErrorCodes.IndexOutOfRange"/> (§8.3 step 6).</summary>
    public TokenResult<byte> GetStatus(long index)
        => List.TryGet(index, out var status)
            ? TokenResult<byte>.Success(status)
            : TokenResult<byte>.Failure(StatusListErrorCodes.IndexOutOfRange, "The index is outside the status list.", detail: $"index {index}, list size {List.Count}");
}
