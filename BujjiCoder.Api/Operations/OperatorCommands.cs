using BujjiCoder.Api.Auth;

namespace BujjiCoder.Api.Operations;

/// <summary>
/// The one-shot commands of docs/RUNBOOK.md (<c>dotnet BujjiCoder.Api.dll &lt;command&gt; …</c>): each runs against the Api's
/// own configuration, prints what it did and exits instead of serving. Exit codes are shared so a script can tell them apart.
/// </summary>
internal static class OperatorCommands
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Refused = 3;

    private static readonly Dictionary<string, Func<WebApplication, string[], Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        [CreateAdminCommand.Name] = (app, _) => CreateAdminCommand.RunAsync(app),
        [MigrateCommand.Name] = MigrateCommand.RunAsync,
        [RevokeSessionsCommand.Name] = RevokeSessionsCommand.RunAsync,
        [LockUserCommand.Name] = LockUserCommand.RunAsync,
        [ReindexCommand.Name] = ReindexCommand.RunAsync,
    };

    public static bool IsRequested(string[] args) => args.Length > 0 && Commands.ContainsKey(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            return await Commands[args[0]](app, args[1..]);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An operator at 3 a.m. needs the reason and exit code 1, not a crash dump and 134.
            Console.Error.WriteLine($"{args[0]} failed: {exception.GetType().Name}: {exception.Message}");
            return Failed;
        }
    }

    /// <summary>The value after <paramref name="name"/> (<c>--email a@example.com</c>), or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : null;
    }

    public static bool Flag(string[] args, string name) => args.Contains(name, StringComparer.Ordinal);
}
