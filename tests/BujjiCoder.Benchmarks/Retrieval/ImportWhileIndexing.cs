using System.Diagnostics;
using BujjiCoder.Benchmarks.Performance;
using static BujjiCoder.Benchmarks.Retrieval.RetrievalTable;

namespace BujjiCoder.Benchmarks.Retrieval;

/// <summary>
/// Issue 17's "indexing keeps up with an import of 10,000 files without slowing the import itself": a generated repository
/// (as <c>perf workspace</c> imports it) imported with the Worker's SemanticSearch flag off, then another with it on, and
/// the indexer's rate over the next <see cref="RateWindow"/>.
/// </summary>
/// <remarks>
/// An import is one transaction, so the indexer cannot see its files until it has ended; what could slow an import is an
/// indexer already busy in the same Worker. The second import is therefore made while the indexer works through the first
/// one's files (a different seed, so no content is shared and neither import finds its blobs already stored). The local
/// model cannot embed 10,000 files in minutes on one core, so the rate is measured and the rest is estimated from it.
/// </remarks>
internal static class ImportWhileIndexing
{
    private const long BytesPerFile = 50L * 1024 * 1024 / 10_000;

    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(90);

    public static async Task<IReadOnlyList<RetrievalRow>> MeasureAsync(ApiUnderTest api, string token, int files)
    {
        var bytes = files * BytesPerFile;
        Console.WriteLine($"-- import of {files:N0} generated files (~{bytes / 1024 / 1024} MB), the Worker's flag off, then on");
        await api.RestartWorkerAsync(Flag(false));
        var (offSeconds, offLoad, off) = await ImportAsync(api, token, "flag-off", files, bytes, seed: 7);
        await api.RestartWorkerAsync(Flag(true));
        var warmUp = await WaitUntilIndexingAsync(api, token, off.Id);
        var (onSeconds, onLoad, on) = await ImportAsync(api, token, "flag-on", files, bytes, seed: 8);
        var busy = await SemanticIndexState.GetAsync(api.Client, token, off.Id);

        // Both workspaces' chunks: the indexer takes the newest files first but may finish a pass over the first import's.
        var clock = Stopwatch.StartNew();
        var (startChunks, _, _) = await TotalsAsync(api, token, off.Id, on.Id);
        var load = LoadAverage();
        while (clock.Elapsed < RateWindow)
        {
            await Task.Delay(TimeSpan.FromSeconds(15));
            var (chunks, indexed, _) = await TotalsAsync(api, token, off.Id, on.Id);
            Console.WriteLine(Invariant($"  indexer: {chunks - startChunks:N0} chunks in {clock.Elapsed.TotalSeconds:0} s, {indexed:N0} files embedded in all"));
        }

        var (endChunks, indexedFiles, pendingFiles) = await TotalsAsync(api, token, off.Id, on.Id);
        var seconds = clock.Elapsed.TotalSeconds;
        var rate = (endChunks - startChunks) / seconds;
        var onState = await SemanticIndexState.GetAsync(api.Client, token, on.Id);
        var chunksPerFile = indexedFiles == 0 ? double.NaN : (double)endChunks / indexedFiles;
        var toFinishOne = rate > 0 ? TimeSpan.FromSeconds(onState.PendingFiles * chunksPerFile / rate) : TimeSpan.MaxValue;
        var toFinishAll = rate > 0 ? TimeSpan.FromSeconds(pendingFiles * chunksPerFile / rate) : TimeSpan.MaxValue;
        var ratio = onSeconds / offSeconds;
        return
        [
            new RetrievalRow("import", Invariant($"import of {files:N0} files ({bytes / 1024 / 1024} MB): Worker flag off / on"),
                Invariant($"{offSeconds:0.0} s / {onSeconds:0.0} s = {ratio:0.00}×"),
                Notes: Invariant($"fresh workspace each; the second started once the indexer had stored the first's first chunks ({warmUp:0} s after the restarted Worker was ready: loading the model and one pass) and ran while it embedded them ({busy.IndexedFiles:N0} files done when it ended); load average {offLoad} / {onLoad}; one run each on a shared machine, so a few % either way is noise")),
            new RetrievalRow("import", Invariant($"indexer after the import, over {seconds:0} s"),
                Invariant($"{rate:0.0} chunks/s"),
                Notes: Invariant($"{chunksPerFile:0.0} chunks per generated file; the second import's {onState.PendingFiles:N0} pending files would take {Duration(toFinishOne)} at this rate, both imports' {pendingFiles:N0} {Duration(toFinishAll)}; Retrieval:Embeddings:Threads 1 (default); load average {load}")),
        ];
    }

    /// <summary>
    /// Waits until the indexer has stored chunks of <paramref name="workspaceId"/>, so an import made next runs beside an
    /// indexer at work rather than one still loading its model; returns the seconds it took.
    /// </summary>
    private static async Task<double> WaitUntilIndexingAsync(ApiUnderTest api, string token, string workspaceId)
    {
        var clock = Stopwatch.StartNew();
        while ((await SemanticIndexState.GetAsync(api.Client, token, workspaceId)).Chunks == 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException("The Worker stored no chunk in 3 minutes with the SemanticSearch flag on: is it indexing (its log)?");
            }

            await Task.Delay(500);
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static Dictionary<string, string?> Flag(bool on) => new() { ["FeatureManagement__SemanticSearch"] = on ? "true" : "false" };

    private static async Task<(double Seconds, string Load, BenchWorkspace Workspace)> ImportAsync(ApiUnderTest api, string token, string name, int files, long bytes, int seed)
    {
        var (archive, _, paths) = RepositoryGenerator.Generate(files, bytes, seed);
        var load = LoadAverage();
        var clock = Stopwatch.StartNew();
        var workspace = await BenchWorkspace.ImportAsync(api.Client, token, name, archive, paths);
        Console.WriteLine(Invariant($"import ({name}): {clock.Elapsed.TotalSeconds:0.0} s, load average {load} before it"));
        return (clock.Elapsed.TotalSeconds, load, workspace);
    }

    private static async Task<(long Chunks, int IndexedFiles, int PendingFiles)> TotalsAsync(ApiUnderTest api, string token, params string[] workspaces)
    {
        var states = await Task.WhenAll(workspaces.Select(ws => SemanticIndexState.GetAsync(api.Client, token, ws)));
        return (states.Sum(s => s.Chunks), states.Sum(s => s.IndexedFiles), states.Sum(s => s.PendingFiles));
    }

    private static string Duration(TimeSpan time) => time == TimeSpan.MaxValue ? "forever (nothing embedded)"
        : time.TotalHours >= 1 ? Invariant($"{time.TotalHours:0.0} h") : Invariant($"{time.TotalMinutes:0} min");
}
