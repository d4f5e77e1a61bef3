using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BujjiCoder.IntegrationTests.Api.Operations;

/// <summary>"Run migrations by hand" of docs/RUNBOOK.md, run as written.</summary>
public sealed class MigrateCommandTests(TestInfrastructure infrastructure)
{
    private const string DocumentedCommand = "dotnet BujjiCoder.Api.dll migrate";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_gives_a_fresh_database_the_schema_and_changes_nothing_when_run_again()
    {
        var database = await infrastructure.Postgres.CreateDatabaseAsync();
        // As in a deployment whose services wait for the schema: the command migrates whatever that setting says.
        var waiting = new Dictionary<string, string?> { ["Database__MigrateOnStartup"] = "false" };

        var (exit, output) = await Runbook.RunApiCommandAsync(DocumentedCommand, infrastructure, database, environment: waiting);

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        var migrations = AllMigrations(database);
        Assert.NotEmpty(migrations);
        Assert.Equal(migrations, await AppliedAsync(database));
        Assert.Contains($"Applied {migrations.Count} migration(s); the database schema is current.", output, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM workspace_files"));

        (exit, output) = await Runbook.RunApiCommandAsync(DocumentedCommand, infrastructure, database, environment: waiting);

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains("already current; nothing was applied", output, StringComparison.Ordinal);
        Assert.Equal(migrations, await AppliedAsync(database));
    }

    private static List<string> AllMigrations(string database)
    {
        using var host = InfrastructureHost.Build(new Dictionary<string, string?> { ["ConnectionStrings:bujjidb"] = database });
        using var scope = host.Services.CreateScope();
        return [.. scope.ServiceProvider.GetRequiredService<BujjiDbContext>().Database.GetMigrations()];
    }

    private static async Task<List<string>> AppliedAsync(string database)
    {
        using var host = InfrastructureHost.Build(new Dictionary<string, string?> { ["ConnectionStrings:bujjidb"] = database });
        await using var scope = host.Services.CreateAsyncScope();
        return [.. await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().Database.GetAppliedMigrationsAsync(Cancellation)];
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }
}
