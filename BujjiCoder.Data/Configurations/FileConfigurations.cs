using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BujjiCoder.Data.Configurations;

// The search indexes over file_blobs (a PostgreSQL tsvector column with GIN and trigram indexes, an SQLite
// FTS5 table kept by triggers) are provider-specific and live in the SQL of each provider's Initial migration.

internal sealed class FileBlobConfiguration : IEntityTypeConfiguration<FileBlob>
{
    public void Configure(EntityTypeBuilder<FileBlob> builder)
    {
        builder.ToTable("file_blobs");
        builder.Property(b => b.Hash).HasMaxLength(64);
        builder.HasAlternateKey(b => b.Hash);
    }
}

internal sealed class BlobSymbolConfiguration : IEntityTypeConfiguration<BlobSymbol>
{
    public void Configure(EntityTypeBuilder<BlobSymbol> builder)
    {
        builder.ToTable("blob_symbols");
        builder.Property(s => s.BlobHash).HasMaxLength(64);
        builder.Property(s => s.Name).HasMaxLength(256);
        builder.Property(s => s.Kind).HasMaxLength(16);
        builder.HasIndex(s => s.BlobHash);
        builder.HasOne<FileBlob>().WithMany().HasForeignKey(s => s.BlobHash).HasPrincipalKey(b => b.Hash).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkspaceFileConfiguration : IEntityTypeConfiguration<WorkspaceFile>
{
    public void Configure(EntityTypeBuilder<WorkspaceFile> builder)
    {
        builder.ToTable("workspace_files");
        builder.HasKey(f => new { f.WorkspaceId, f.Path });
        builder.Property(f => f.Path).HasMaxLength(1024);
        builder.Property(f => f.Hash).HasMaxLength(64);
        builder.Property(f => f.Language).HasMaxLength(32);
        builder.Property(f => f.UpdatedBy).HasMaxLength(450);
        builder.HasIndex(f => f.Hash);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(f => f.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FileBlob>().WithMany().HasForeignKey(f => f.Hash).HasPrincipalKey(b => b.Hash).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WorkspaceRevisionConfiguration : IEntityTypeConfiguration<WorkspaceRevision>
{
    public void Configure(EntityTypeBuilder<WorkspaceRevision> builder)
    {
        builder.ToTable("workspace_revisions");
        builder.HasIndex(r => new { r.WorkspaceId, r.Number }).IsUnique();
        builder.Property(r => r.AuthorId).HasMaxLength(450);
        builder.Property(r => r.Message).HasMaxLength(2000);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.RevisionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RevisionFileConfiguration : IEntityTypeConfiguration<RevisionFile>
{
    public void Configure(EntityTypeBuilder<RevisionFile> builder)
    {
        builder.ToTable("revision_files");
        builder.HasKey(f => new { f.RevisionId, f.Path });
        builder.Property(f => f.Path).HasMaxLength(1024);
        builder.Property(f => f.BeforeHash).HasMaxLength(64);
        builder.Property(f => f.AfterHash).HasMaxLength(64);
        builder.HasIndex(f => f.BeforeHash);
        builder.HasIndex(f => f.AfterHash);
        builder.HasOne<FileBlob>().WithMany().HasForeignKey(f => f.BeforeHash).HasPrincipalKey(b => b.Hash).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<FileBlob>().WithMany().HasForeignKey(f => f.AfterHash).HasPrincipalKey(b => b.Hash).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("import_jobs");
        builder.Property(j => j.CreatedBy).HasMaxLength(450);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.UploadName).HasMaxLength(260);
        builder.Property(j => j.Message).HasMaxLength(2000);
        builder.Property(j => j.ClaimedBy).HasMaxLength(200);
        builder.HasIndex(j => j.WorkspaceId);
        builder.HasIndex(j => new { j.Status, j.LeaseExpiresAt });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(j => j.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportUploadChunkConfiguration : IEntityTypeConfiguration<ImportUploadChunk>
{
    public void Configure(EntityTypeBuilder<ImportUploadChunk> builder)
    {
        builder.ToTable("import_upload_chunks");
        builder.HasKey(c => new { c.JobId, c.Index });
        builder.HasOne<ImportJob>().WithMany().HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
