using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Identity.Issuer.Attestations;

/// <summary>
/// The issuer's record of one issued credential. It never holds a claim value: only what is needed to find, revoke or audit
/// the credential (design rule: no personal data beyond the internal citizen identifier).
/// </summary>
internal sealed class IssuedCredential
{
    /// <summary>Random, unguessable identifier (128 bits, base64url); used by the admin API and "mes attestations".</summary>
    public required string Id { get; set; }

    /// <summary>Internal identifier of the citizen who asked (never a pairwise subject, never a claim value).</summary>
    public required string CitizenId { get; set; }

    /// <summary>The OAuth client (wallet) the credential was issued to.</summary>
    public required string ClientId { get; set; }

    /// <summary>The credential configuration identifier from the issuer metadata.</summary>
    public required string ConfigurationId { get; set; }

    /// <summary>The credential's <c>vct</c>.</summary>
    public required string Vct { get; set; }

    /// <summary>The status list holding this credential's entry.</summary>
    public required string StatusListId { get; set; }

    /// <summary>The credential's index in its status list; random and never reused.</summary>
    public required int StatusIndex { get; set; }

    /// <summary>RFC 7638 thumbprint of the holder key in <c>cnf</c>.</summary>
    public required string HolderKeyThumbprint { get; set; }

    /// <summary>When the credential was issued.</summary>
    public required DateTimeOffset IssuedAt { get; set; }

    /// <summary>When the credential expires.</summary>
    public required DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Current status value (Token Status List: 0 valid, 1 invalid/revoked, 2 suspended).</summary>
    public byte Status { get; set; }

    /// <summary>When the status last changed, if ever.</summary>
    public DateTimeOffset? StatusChangedAt { get; set; }
}

internal sealed class IssuedCredentialConfiguration : IEntityTypeConfiguration<IssuedCredential>
{
    public void Configure(EntityTypeBuilder<IssuedCredential> builder)
    {
        builder.ToTable("IssuedCredentials");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasMaxLength(64);
        builder.Property(c => c.CitizenId).HasMaxLength(128);
        builder.Property(c => c.ClientId).HasMaxLength(128);
        builder.Property(c => c.ConfigurationId).HasMaxLength(128);
        builder.Property(c => c.Vct).HasMaxLength(512);
        builder.Property(c => c.StatusListId).HasMaxLength(64);
        builder.Property(c => c.HolderKeyThumbprint).HasMaxLength(64);
        builder.HasIndex(c => c.CitizenId);
        builder.HasIndex(c => new { c.StatusListId, c.StatusIndex }).IsUnique();
    }
}
