using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Issuer.Admin;

/// <summary>
/// One audited status call (admin API or the citizen's own revoke). Holds who (a client id or an internal citizen id), what, when,
/// on which credential, and the outcome code; never a claim value, token or key.
/// </summary>
internal sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>When the call was handled.</summary>
    public required DateTimeOffset At { get; set; }

    /// <summary><c>client</c> (admin API) or <c>citizen</c> ("mes attestations").</summary>
    public required string ActorType { get; set; }

    /// <summary>The OAuth client id or the internal citizen id.</summary>
    public required string Actor { get; set; }

    /// <summary><c>revoke</c>, <c>suspend</c> or <c>reinstate</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The credential identifier as given by the caller (bounded in length).</summary>
    public required string CredentialId { get; set; }

    /// <summary><c>OK</c> or the error code returned.</summary>
    public required string Outcome { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.ActorType).HasMaxLength(16);
        builder.Property(a => a.Actor).HasMaxLength(128);
        builder.Property(a => a.Action).HasMaxLength(16);
        builder.Property(a => a.CredentialId).HasMaxLength(64);
        builder.Property(a => a.Outcome).HasMaxLength(64);
        builder.HasIndex(a => a.CredentialId);
    }
}

/// <summary>Who asked for a status change.</summary>
/// <param name="Type"><c>client</c> or <c>citizen</c>.</param>
/// <param name="Id">The client id or internal citizen id.</param>
internal sealed record AuditActor(string Type, string Id)
{
    public static AuditActor Client(string clientId) => new("client", clientId);

    public static AuditActor Citizen(string citizenId) => new("citizen", citizenId);
}
