using BujjiCoder.Data.Infrastructure;
using BujjiCoder.ServiceDefaults.Startup;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// The one-shot way to name an administrator, for operators who would rather not keep a password in the
/// environment: <c>dotnet BujjiCoder.Api.dll create-admin --email a@example.com [--username admin]</c>, with the
/// password on standard input (or in <c>BUJJI_ADMIN_PASSWORD</c>). Migrates, creates, exits; serves nothing.
/// </summary>
internal static class CreateAdminCommand
{
    public const string Name = "create-admin";

    public static async Task<int> RunAsync(WebApplication app)
    {
        var email = app.Configuration["email"];
        if (string.IsNullOrWhiteSpace(email))
        {
            Console.Error.WriteLine("Usage: create-admin --email <address> [--username <name>]; password on standard input or in BUJJI_ADMIN_PASSWORD.");
            return 2;
        }

        var password = Environment.GetEnvironmentVariable("BUJJI_ADMIN_PASSWORD") ?? Console.In.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("No password: give it on standard input or in BUJJI_ADMIN_PASSWORD.");
            return 2;
        }

        if (!app.TryValidateConfiguration())
        {
            return 1;
        }

        await app.PrepareDatabaseAsync();
        try
        {
            var userName = await app.Services.GetRequiredService<AdminBootstrap>().EnsureAdminAsync(email, app.Configuration["username"], password);
            Console.WriteLine($"{userName} <{email}> is an administrator.");
            return 0;
        }
        catch (InvalidOperationException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }
}
