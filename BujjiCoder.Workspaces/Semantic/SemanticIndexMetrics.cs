using System.Diagnostics.Metrics;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// What the semantic indexer does, wherever it runs (the Worker, or an embedded Api): blobs and chunks embedded, how long
/// the model took for each batch, what pruning removed, and how many blobs were still waiting when it last looked.
/// </summary>
public sealed class SemanticIndexMetrics
{
    public const string MeterName = "BujjiCoder.Semantic";

    private readonly Counter<long> _blobs;
    private readonly Counter<long> _chunks;
    private readonly Counter<long> _pruned;
    private readonly Histogram<double> _embedding;
    private long _pending;

    public SemanticIndexMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _blobs = meter.CreateCounter<long>("bujji.semantic.blobs.indexed", "{blob}", "Text blobs embedded and stored (an empty one counts, with no chunks).");
        _chunks = meter.CreateCounter<long>("bujji.semantic.chunks.indexed", "{chunk}", "Chunks embedded and stored.");
        _pruned = meter.CreateCounter<long>("bujji.semantic.pruned", "{row}", "Index rows pruned, by kind (blob, chunk).");
        _embedding = meter.CreateHistogram<double>("bujji.semantic.embedding.duration", "s", "Time the embedding model took for one batch of chunks.");
        // Measured by the indexer as it works, not by a query at scrape time.
        meter.CreateObservableGauge("bujji.semantic.blobs.pending", () => Volatile.Read(ref _pending), "{blob}",
            "Text blobs waiting to be embedded when this process's indexer last looked; 0 while it does not index (flag off, an import running, or another process's turn).");
    }

    public void Indexed(int blobs, int chunks)
    {
        _blobs.Add(blobs);
        _chunks.Add(chunks);
    }

    public void Embedded(TimeSpan duration) => _embedding.Record(duration.TotalSeconds);

    public void Pruned(string kind, int rows) => _pruned.Add(rows, new KeyValuePair<string, object?>("kind", kind));

    public void Pending(long blobs) => Volatile.Write(ref _pending, blobs);
}
