using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Data.Infrastructure;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BujjiCoder.IntegrationTests.Api;

/// <summary>
/// Embedded mode has the Api and the Worker writing one SQLite file from two processes. WAL and the
/// busy timeout must make concurrent writers wait for each other, never fail and never lose a write.
/// </summary>
public sealed class SqliteConcurrencyTests
{
    private const int WritersPerProcess = 4;
    private const int WritesPerWriter = 40;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_processes_writing_at_once_lose_nothing()
    {
        using var directory = TemporaryDirectory.Create("bujji-sqlite-writers");
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = directory.Path };
        using var first = InfrastructureHost.Build(settings);
        using var second = InfrastructureHost.Build(settings);
        await first.PrepareDatabaseAsync(Cancellation);

        var writers = new[] { first, second }
            .SelectMany((host, process) => Enumerable.Range(0, WritersPerProcess).Select(writer => WriteAsync(host, $"p{process}/w{writer}")))
            .ToList();
        await Task.WhenAll(writers);

        await using var scope = first.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ServiceHeartbeats.ToListAsync(Cancellation);
        Assert.Equal(2 * WritersPerProcess, rows.Count);
        Assert.All(rows, row => Assert.Equal(WritesPerWriter, row.Beats));
    }

    /// <summary>Read-modify-write of one row per writer, each in its own unit of work, like the heartbeat.</summary>
    private static async Task WriteAsync(IHost host, string instance)
    {
        await Task.Yield();
        for (var i = 0; i < WritesPerWriter; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            var row = await db.ServiceHeartbeats.SingleOrDefaultAsync(h => h.InstanceId == instance, Cancellation);
            if (row is null)
            {
                row = new ServiceHeartbeat { InstanceId = instance, Service = "test", Version = "1", StartedAt = DateTime.UtcNow };
                db.ServiceHeartbeats.Add(row);
            }

            row.Beats++;
            row.LastSeenAt = DateTime.UtcNow;
            await db.SaveChangesAsync(Cancellation);
        }
    }
}
