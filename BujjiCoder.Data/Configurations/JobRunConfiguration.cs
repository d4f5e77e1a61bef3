using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BujjiCoder.Data.Configurations;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("job_runs");
        builder.Property(r => r.Job).HasMaxLength(64);
        builder.Property(r => r.Replica).HasMaxLength(200);
        builder.Property(r => r.Outcome).HasMaxLength(16);
        builder.Property(r => r.Error).HasMaxLength(500);
        // The claim: whoever inserts (Job, Slot) first runs that slot; everyone else's insert does nothing.
        builder.HasIndex(r => new { r.Job, r.Slot }).IsUnique();
    }
}
