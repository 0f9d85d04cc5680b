using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Issuer.StatusLists;

/// <summary>
/// One status list (draft-ietf-oauth-status-list-20 §4): its size, the persisted bit array (2 bits per entry: valid, revoked,
/// suspended) and a version bumped on every change, which is both the optimistic concurrency token and the token cache key.
/// </summary>
internal sealed class StatusListRecord
{
    /// <summary>Random identifier, part of the list's URL.</summary>
    public required string Id { get; set; }

    /// <summary>Number of entries.</summary>
    public required int Size { get; set; }

    /// <summary>Bits per entry (2).</summary>
    public required int Bits { get; set; }

    /// <summary>The uncompressed list, in the byte layout of §4.1.</summary>
    public required byte[] Bytes { get; set; }

    /// <summary>Set once every index has been handed out; no further allocation from this list.</summary>
    public bool Full { get; set; }

    /// <summary>When the list was created.</summary>
    public required DateTimeOffset CreatedAt { get; set; }

    /// <summary>Incremented on every status change (concurrency token across replicas).</summary>
    public long Version { get; set; }
}

/// <summary>One index handed out: the used-index set that makes indices unique and never reused, across replicas sharing the database.</summary>
internal sealed class StatusListEntry
{
    public required string ListId { get; set; }

    public required int Index { get; set; }

    public required DateTimeOffset AllocatedAt { get; set; }
}

internal sealed class StatusListRecordConfiguration : IEntityTypeConfiguration<StatusListRecord>
{
    public void Configure(EntityTypeBuilder<StatusListRecord> builder)
    {
        builder.ToTable("StatusLists");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).HasMaxLength(64);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasIndex(l => l.Full);
    }
}

internal sealed class StatusListEntryConfiguration : IEntityTypeConfiguration<StatusListEntry>
{
    public void Configure(EntityTypeBuilder<StatusListEntry> builder)
    {
        builder.ToTable("StatusListEntries");
        // The primary key is the uniqueness guarantee: a second insert of (list, index) fails in the database, whichever replica tries.
        builder.HasKey(e => new { e.ListId, e.Index });
        builder.Property(e => e.ListId).HasMaxLength(64);
    }
}
