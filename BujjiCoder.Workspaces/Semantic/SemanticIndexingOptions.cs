using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>Settings of the <c>Retrieval:Indexing</c> section: how often and how much the semantic indexer works.</summary>
public sealed class SemanticIndexingOptions
{
    public const string SectionName = "Retrieval:Indexing";

    /// <summary>How long an idle indexer waits before it looks for pending blobs again; while it finds some it does not wait.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "Retrieval:Indexing:PollInterval must be between 50 ms and 10 minutes.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Blobs one pass reads, chunks and embeds (in one call to the model, which batches internally). Stopping the host
    /// cancels the pass in flight; the flag going off or an import starting stops it within a <see cref="PollInterval"/>.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Retrieval:Indexing:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 32;

    /// <summary>How often the index drops the chunks of content no file holds any more, and those of another model.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Retrieval:Indexing:PruneInterval must be between 1 second and 1 day.")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Blobs (or chunks of another model) pruned per statement, so no table is locked for long.</summary>
    [Range(1, 100_000, ErrorMessage = "Retrieval:Indexing:PruneBatchSize must be between 1 and 100000.")]
    public int PruneBatchSize { get; set; } = 500;
}
