using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BujjiCoder.Data.Configurations;

internal sealed class ServiceHeartbeatConfiguration : IEntityTypeConfiguration<ServiceHeartbeat>
{
    public void Configure(EntityTypeBuilder<ServiceHeartbeat> builder)
    {
        builder.ToTable("service_heartbeats");
        builder.HasKey(h => h.InstanceId);
        builder.Property(h => h.InstanceId).HasMaxLength(200);
        builder.Property(h => h.Service).HasMaxLength(100);
        builder.Property(h => h.Version).HasMaxLength(100);
        builder.HasIndex(h => h.LastSeenAt);
    }
}
