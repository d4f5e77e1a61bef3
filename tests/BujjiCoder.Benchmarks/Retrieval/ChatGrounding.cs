using BujjiCoder.Data.Infrastructure;
using BujjiCoder.Workspaces.Prompts;
using BujjiCoder.Workspaces.Search;
using BujjiCoder.Workspaces.Semantic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.FeatureManagement;

namespace BujjiCoder.Benchmarks.Retrieval;

/// <summary>
/// What a chat turn is grounded with: <see cref="ContextRetriever"/> run in this process against the benchmark's database,
/// registered as the Api registers it (the database, code search, semantic search, feature flags, prompt building), with
/// the SemanticSearch flag set by configuration. Chat answers through an LLM, so its retrieval can only be scored here,
/// not over HTTP.
/// </summary>
internal sealed class ChatGrounding : IAsyncDisposable
{
    private readonly IHost _host;

    private ChatGrounding(IHost host) => _host = host;

    public static ChatGrounding Create(string connectionString, bool semanticSearch)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseRegistration.ConnectionName}"] = connectionString,
            [$"FeatureManagement:{SemanticSearchFeature.Flag}"] = semanticSearch ? "true" : "false",
        });
        builder.AddBujjiDatabase();
        builder.Services.AddScoped<CodeSearch>();
        builder.AddSemanticSearch();
        builder.Services.AddFeatureManagement();
        builder.Services.AddPromptBuilding();
        return new ChatGrounding(builder.Build());
    }

    /// <summary>The paths of the snippets a chat turn about <paramref name="question"/> would be sent, in the retriever's order.</summary>
    public async Task<IReadOnlyList<string>> RetrieveAsync(Guid workspaceId, string question)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var snippets = await scope.ServiceProvider.GetRequiredService<ContextRetriever>().RetrieveAsync(workspaceId, question, CancellationToken.None);
        return [.. snippets.Select(s => s.Path)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
