using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Semantic;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Hosting;

/// <summary>
/// The Api with the SemanticSearch flag on and small workspace limits, once per database, and no Worker: the tests index
/// when they choose (<see cref="IndexAsync"/>), so "pending" is a state they can see.
/// </summary>
public abstract class SemanticSearchHost(TestHost recipe) : ApiHost(recipe)
{
    public const string ModelId = "local/" + MiniLmEmbeddingGenerator.ModelName;

    public static TestHost On(TestHost host) => host.With("FeatureManagement:" + SemanticSearchFeature.Flag, "true");

    public static TestHost Off(TestHost host) => host.With("FeatureManagement:" + SemanticSearchFeature.Flag, "false");

    /// <summary>Embeds every pending blob now, as the indexer would.</summary>
    public Task IndexAsync() => SemanticIndexing.IndexAsync(Factory.Services);
}

public sealed class PostgresSemanticSearchHost(TestInfrastructure infrastructure) : SemanticSearchHost(On(HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure))));

public sealed class SqliteSemanticSearchHost() : SemanticSearchHost(On(HostPresets.SmallWorkspaces(TestHost.Sqlite())));

/// <summary>Chat with the SemanticSearch flag on: open registration and a model served by the fake LLM server.</summary>
public sealed class SemanticChatHost(TestInfrastructure infrastructure) : ApiHost(SemanticSearchHost.On(ChatOn(TestHost.Postgres(infrastructure), "semanticfake")))
{
    public Task IndexAsync() => SemanticIndexing.IndexAsync(Factory.Services);

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

/// <summary>Indexing on demand for tests.</summary>
public static class SemanticIndexing
{
    /// <summary>
    /// Stand-in until the real indexer is merged: each pending text blob embedded whole, as one chunk.
    /// </summary>
    public static async Task IndexAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var model = scope.ServiceProvider.GetRequiredService<EmbeddingModel>();
        var generator = scope.ServiceProvider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var pending = await (from file in db.WorkspaceFiles
                             join blob in db.FileBlobs on file.Hash equals blob.Hash
                             where !file.IsBinary && !db.EmbeddedBlobs.Any(e => e.BlobHash == file.Hash && e.Model == model.Id)
                             select new { blob.Hash, blob.Text }).Distinct().ToListAsync(TestContext.Current.CancellationToken);
        foreach (var blob in pending)
        {
            var vector = await generator.GenerateVectorAsync(blob.Text!, cancellationToken: TestContext.Current.CancellationToken);
            db.CodeChunks.Add(new CodeChunk { BlobHash = blob.Hash, Model = model.Id, StartLine = 1, EndLine = blob.Text!.Split('\n').Length, Vector = VectorCodec.Encode(vector.Span) });
            db.EmbeddedBlobs.Add(new EmbeddedBlob { BlobHash = blob.Hash, Model = model.Id, ChunkCount = 1, EmbeddedAt = DateTime.UtcNow });
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
