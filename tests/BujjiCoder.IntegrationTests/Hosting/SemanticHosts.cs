using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Semantic;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// The Api with the SemanticSearch flag on and small workspace limits, once per database, and no indexer of its own: the
/// tests index when they choose (<see cref="IndexAsync"/>), so "pending" is a state they can see.
/// </summary>
public abstract class SemanticSearchHost(TestHost recipe) : ApiHost(recipe), IAsyncLifetime
{
    public const string ModelId = "local/" + MiniLmEmbeddingGenerator.ModelName;

    public static TestHost On(TestHost host) => host.With("FeatureManagement:" + SemanticSearchFeature.Flag, "true");

    public static TestHost Off(TestHost host) => host.With("FeatureManagement:" + SemanticSearchFeature.Flag, "false");

    /// <summary>Embeds every pending blob now, as the indexer would.</summary>
    public Task<int> IndexAsync() => SemanticIndexing.IndexAsync(Factory.Services);

    /// <summary>
    /// Started, and seen by the Api as having a Worker beside it (a heartbeat a day ahead, from no process): an embedded Api
    /// leaves indexing to a Worker it has heard from, so no pass of its own indexes behind the tests' backs. Server mode
    /// always leaves it to the Worker, and there is none.
    /// </summary>
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var now = DateTime.UtcNow;
        db.ServiceHeartbeats.Add(new ServiceHeartbeat
        {
            InstanceId = $"{ServiceHeartbeat.WorkerService}/semantic-tests",
            Service = ServiceHeartbeat.WorkerService,
            Version = "test",
            StartedAt = now,
            LastSeenAt = now.AddDays(1),
        });
        await db.SaveChangesAsync();
    }
}

public sealed class PostgresSemanticSearchHost(TestInfrastructure infrastructure) : SemanticSearchHost(On(HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure))));

public sealed class SqliteSemanticSearchHost() : SemanticSearchHost(On(HostPresets.SmallWorkspaces(TestHost.Sqlite())));

/// <summary>Chat with the SemanticSearch flag on: open registration and a model served by the fake LLM server.</summary>
public sealed class SemanticChatHost(TestInfrastructure infrastructure) : ApiHost(SemanticSearchHost.On(ChatOn(TestHost.Postgres(infrastructure), "semanticfake")))
{
    public Task<int> IndexAsync() => SemanticIndexing.IndexAsync(Factory.Services);

    /// <summary>Open registration, small workspace limits and one model served by the fake LLM server as <paramref name="provider"/>.</summary>
    internal static TestHost ChatOn(TestHost host, string provider) => HostPresets.SmallWorkspaces(host)
        .WithFakeLlm(provider, $"sk-{provider}-key-0000")
        .With("Llm:Models:0:Id", "grounding-model")
        .With("Llm:Models:0:Provider", provider)
        .With("Llm:Models:0:ContextWindow", "16000");
}

/// <summary>
/// The same with the SemanticSearch flag off, said explicitly (whatever the shipped default): the behaviour every server had
/// before semantic search, which must not change while the flag is off.
/// </summary>
public sealed class SemanticSearchOffHost(TestInfrastructure infrastructure) : ApiHost(SemanticSearchHost.Off(SemanticChatHost.ChatOn(TestHost.Postgres(infrastructure), "wordsfake")));

/// <summary>Indexing on demand for tests, by the real indexer: the chunker, the local model, one transaction per blob.</summary>
public static class SemanticIndexing
{
    /// <summary>Indexes every pending blob of the host's database (in passes, as the indexer's loop does) and returns how many.</summary>
    public static async Task<int> IndexAsync(IServiceProvider services)
    {
        var total = 0;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var stored = await scope.ServiceProvider.GetRequiredService<SemanticIndexer>().IndexPendingAsync(100, TestContext.Current.CancellationToken);
            if (stored == 0)
            {
                return total;
            }

            total += stored;
        }
    }
}
