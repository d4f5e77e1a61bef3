using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BujjiCoder.Data.Configurations;

internal sealed class CodeChunkConfiguration : IEntityTypeConfiguration<CodeChunk>
{
    public void Configure(EntityTypeBuilder<CodeChunk> builder)
    {
        builder.ToTable("code_chunks");
        builder.Property(c => c.BlobHash).HasMaxLength(64);
        builder.Property(c => c.Model).HasMaxLength(128);
        builder.Property(c => c.Symbol).HasMaxLength(256);
        builder.Property(c => c.Kind).HasMaxLength(16);
        builder.HasIndex(c => new { c.BlobHash, c.Model });
        builder.HasOne<FileBlob>().WithMany().HasForeignKey(c => c.BlobHash).HasPrincipalKey(b => b.Hash).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EmbeddedBlobConfiguration : IEntityTypeConfiguration<EmbeddedBlob>
{
    public void Configure(EntityTypeBuilder<EmbeddedBlob> builder)
    {
        builder.ToTable("embedded_blobs");
        builder.HasKey(e => new { e.BlobHash, e.Model });
        builder.Property(e => e.BlobHash).HasMaxLength(64);
        builder.Property(e => e.Model).HasMaxLength(128);
        builder.HasOne<FileBlob>().WithMany().HasForeignKey(e => e.BlobHash).HasPrincipalKey(b => b.Hash).OnDelete(DeleteBehavior.Cascade);
    }
}
