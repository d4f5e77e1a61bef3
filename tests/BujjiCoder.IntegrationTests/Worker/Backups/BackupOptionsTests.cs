extern alias worker;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using worker::BujjiCoder.Worker.Backups;
using worker::BujjiCoder.Worker.Scheduling;

namespace BujjiCoder.IntegrationTests.Worker.Backups;

/// <summary>What <c>AddBackups</c> makes of <c>Worker:Backup</c>: a job only with a destination, and a start refused for bad settings.</summary>
public sealed class BackupOptionsTests
{
    [Theory]
    [InlineData("Worker:Backup:EncryptionKey", "c2hvcnQ=", "Worker:Backup:EncryptionKey must be the base64 of exactly 32 bytes")]
    [InlineData("Worker:Backup:PreviousEncryptionKeys:0", "not base64!", "Worker:Backup:PreviousEncryptionKeys:0 must be the base64 of exactly 32 bytes")]
    [InlineData("Worker:Backup:Blob:Container", "Backups_Here", "Worker:Backup:Blob:Container must be a valid container name")]
    [InlineData("Worker:Backup:Keep:Last", "0", "Worker:Backup:Keep:Last must be at least 1")]
    [InlineData("Worker:Backup:Interval", "00:00:00", "Worker:Backup:Interval must be between 1 second and 31 days")]
    public void A_bad_setting_stops_the_start_naming_the_setting(string key, string value, string message)
    {
        using var host = Build(new() { ["Worker:Backup:Local:Path"] = "/var/backups/bujji", [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, string.Join(" ", failure.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain(value, string.Join(" ", failure.Failures).Replace(message, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_backup_job_is_scheduled_only_when_a_destination_is_set()
    {
        var without = Builder(new() { ["Worker:Backup:EncryptionKey"] = BackupPackingTests.NewKey() });
        var local = Builder(new() { ["Worker:Backup:Local:Path"] = "/var/backups/bujji" });
        var both = Builder(new()
        {
            ["Worker:Backup:Local:Path"] = "/var/backups/bujji",
            ["Worker:Backup:Blob:ConnectionString"] = "UseDevelopmentStorage=true",
        });

        Assert.DoesNotContain(without.Services, service => service.ServiceType == typeof(IScheduledJob));
        Assert.Contains(local.Services, service => service.ServiceType == typeof(IScheduledJob));
        using var withoutHost = without.Build();
        using var localHost = local.Build();
        using var bothHost = both.Build();
        Assert.Empty(withoutHost.Services.GetServices<IBackupDestination>());
        Assert.Equal(["local"], localHost.Services.GetServices<IBackupDestination>().Select(d => d.Name));
        Assert.Equal(["local", "blob"], bothHost.Services.GetServices<IBackupDestination>().Select(d => d.Name));
    }

    private static IHost Build(Dictionary<string, string?> settings) => Builder(settings).Build();

    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBackups();
        return builder;
    }
}
