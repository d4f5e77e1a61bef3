using System.Diagnostics;
using BujjiCoder.ServiceDefaults.Startup;
using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.Api.Operations;

/// <summary><c>reindex [--workspace &lt;id&gt;]</c>: rebuilds the search index (see <see cref="SearchIndexRebuild"/>) while the Api serves.</summary>
internal static class ReindexCommand
{
    public const string Name = "reindex";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        Guid? workspace = null;
        if (OperatorCommands.Option(args, "--workspace") is { } value)
        {
            if (!Guid.TryParse(value, out var id))
            {
                Console.Error.WriteLine($"Not a workspace id: {value}");
                return OperatorCommands.Usage;
            }

            workspace = id;
        }
        else if (args.Length > 0)
        {
            Console.Error.WriteLine("Usage: reindex [--workspace <id>]");
            return OperatorCommands.Usage;
        }

        if (!app.TryValidateConfiguration())
        {
            return OperatorCommands.Failed;
        }

        var started = Stopwatch.GetTimestamp();
        await using var scope = app.Services.CreateAsyncScope();
        var rebuilt = await ActivatorUtilities.CreateInstance<SearchIndexRebuild>(scope.ServiceProvider).RunAsync(workspace, CancellationToken.None);
        Console.WriteLine($"Extracted {rebuilt.Symbols} symbol(s) from {rebuilt.Blobs} text file(s){(workspace is null ? " of every workspace" : $" of workspace {workspace}")}"
            + (rebuilt.DatabaseIndexesRebuilt ? "; rebuilt the database's text indexes" : string.Empty)
            + $" in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s.");
        return OperatorCommands.Done;
    }
}
