using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BujjiCoder.Data.Configurations;

internal sealed class UsageRollupConfiguration : IEntityTypeConfiguration<UsageRollup>
{
    public void Configure(EntityTypeBuilder<UsageRollup> builder)
    {
        builder.ToTable("usage_rollups");
        builder.Property(r => r.Period).HasMaxLength(8);
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.Property(r => r.Model).HasMaxLength(100);
        // A second writer of the same period (a run that overlapped another) fails here instead of doubling the sums.
        builder.HasIndex(r => new { r.Period, r.Start, r.UserId, r.Model, r.WorkspaceId }).IsUnique();
        builder.HasIndex(r => new { r.Period, r.UserId, r.Start });
    }
}

internal sealed class UsageRollupCursorConfiguration : IEntityTypeConfiguration<UsageRollupCursor>
{
    public void Configure(EntityTypeBuilder<UsageRollupCursor> builder)
    {
        builder.ToTable("usage_rollup_cursors");
        builder.HasKey(c => c.Period);
        builder.Property(c => c.Period).HasMaxLength(8);
    }
}

internal sealed class DatabaseBackupConfiguration : IEntityTypeConfiguration<DatabaseBackup>
{
    public void Configure(EntityTypeBuilder<DatabaseBackup> builder)
    {
        builder.ToTable("database_backups");
        builder.Property(b => b.Id).HasMaxLength(100);
        builder.Property(b => b.Provider).HasMaxLength(16);
        builder.Property(b => b.Destinations).HasMaxLength(100);
        builder.Property(b => b.Sha256).HasMaxLength(64);
        builder.Property(b => b.Verification).HasMaxLength(16);
        builder.Property(b => b.VerificationError).HasMaxLength(500);
        builder.HasIndex(b => b.CreatedAt);
    }
}
