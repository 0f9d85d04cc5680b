namespace Identity.Tokens.StatusList;

/// <summary>Status Type values (draft-ietf-oauth-status-list-20 §7.1). Values fit in the list's <c>bits</c>.</summary>
public static class StatusTypes
{
    /// <summary>0x00: the referenced token is valid.</summary>
    public const byte Valid = 0x00;

    /// <summary>0x01: revoked, annulled, taken back, recalled or cancelled.</summary>
    public const byte Invalid = 0x01;

    /// <summary>0x02: temporarily invalid (needs <c>bits</c> of at least 2).</summary>
    public const byte Suspended = 0x02;

    /// <summary>0x03: permanently reserved as application specific (so are 0x0C to 0x0F).</summary>
    public const byte ApplicationSpecific = 0x03;
}
