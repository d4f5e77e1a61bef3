using BujjiCoder.Data.Infrastructure;
using BujjiCoder.ServiceDefaults.Startup;

namespace BujjiCoder.Api.Operations;

/// <summary>
/// <c>migrate</c>: applies pending migrations and exits, for deployments that start the services with
/// <c>Database:MigrateOnStartup=false</c> (they wait for the schema) or an operator who wants the upgrade done before any replica starts.
/// Holds the same lock as a migrating replica, so it is safe while replicas start; running it again changes nothing.
/// </summary>
internal static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args.Length > 0)
        {
            Console.Error.WriteLine("Usage: migrate");
            return OperatorCommands.Usage;
        }

        if (!app.TryValidateConfiguration())
        {
            return OperatorCommands.Failed;
        }

        try
        {
            var applied = await app.MigrateDatabaseAsync();
            foreach (var migration in applied)
            {
                Console.WriteLine($"Applied {migration}");
            }

            Console.WriteLine(applied.Count == 0 ? "The database schema is already current; nothing was applied." : $"Applied {applied.Count} migration(s); the database schema is current.");
            return OperatorCommands.Done;
        }
        catch (InvalidOperationException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return OperatorCommands.Failed;
        }
    }
}
