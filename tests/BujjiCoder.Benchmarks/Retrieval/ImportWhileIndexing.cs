using System.Diagnostics;
using BujjiCoder.Benchmarks.Performance;
using static BujjiCoder.Benchmarks.Retrieval.RetrievalTable;

namespace BujjiCoder.Benchmarks.Retrieval;

/// <summary>
/// Issue 17's "indexing keeps up with an import of 10,000 files without slowing the import itself": a generated repository
/// (as <c>perf workspace</c> imports it) imported with the Worker's SemanticSearch flag off, then another with it on, and
/// the indexer's rate over the next <see cref="RateWindow"/>, with one Worker replica and then two, then one more import
/// with the flag off.
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
        Console.WriteLine($"-- import of {files:N0} generated files (~{bytes / 1024 / 1024} MB): the Worker's flag off, on (indexer busy), off again");
        await api.RestartWorkerAsync(Flag(false));
        var before = await ImportAsync(api, token, "flag-off-1", files, bytes, seed: 7);
        await api.RestartWorkerAsync(Flag(true));
        var warmUp = await WaitUntilIndexingAsync(api, token, before.Workspace.Id);
        var during = await ImportAsync(api, token, "flag-on", files, bytes, seed: 8);
        var busy = await SemanticIndexState.GetAsync(api.Client, token, before.Workspace.Id);
        var (rate, rateSeconds, load) = await RateAsync(api, token, before.Workspace.Id, during.Workspace.Id);
        var (chunks, indexedFiles, pendingFiles) = await TotalsAsync(api, token, before.Workspace.Id, during.Workspace.Id);
        var pendingOfOne = (await SemanticIndexState.GetAsync(api.Client, token, during.Workspace.Id)).PendingFiles;

        // A second replica on the same backlog: replicas lock the blobs they embed, so it should add its own passes.
        await api.StartExtraWorkerAsync(Flag(true));
        var (pairRate, pairSeconds, pairLoad) = await RateAsync(api, token, before.Workspace.Id, during.Workspace.Id);
        await api.StopExtraWorkersAsync();

        // Off again after it: the machine's load drifts, and every import makes the tables bigger, so the flag-on import is
        // compared with the mean of one before and one after it.
        await api.RestartWorkerAsync(Flag(false));
        var after = await ImportAsync(api, token, "flag-off-2", files, bytes, seed: 9);

        var chunksPerFile = indexedFiles == 0 ? 0 : (double)chunks / indexedFiles;
        var offMean = (before.Seconds + after.Seconds) / 2;
        return
        [
            new RetrievalRow("import", Invariant($"import of {files:N0} files ({bytes / 1024 / 1024} MB): Worker flag on, indexer busy ÷ flag off"),
                Invariant($"{during.Seconds:0.0} s ÷ {offMean:0.0} s = {during.Seconds / offMean:0.00}×"),
                Notes: Invariant($"flag off {before.Seconds:0.0} s before and {after.Seconds:0.0} s after (mean {offMean:0.0} s); a fresh workspace and new content each time; the flag-on import started once the indexer had stored chunks of the first one ({warmUp:0} s after the Worker was ready: the model loaded and one pass) with the indexer's work waiting: the Worker stops its pass within a poll interval and waits while the job holds its lease ({busy.IndexedFiles:N0} of the first import's files embedded when it ended; an import is one transaction, so the indexer sees none of its files before it ends); load average {before.Load} / {during.Load} / {after.Load} before each")),
            new RetrievalRow("import", Invariant($"indexer after the flag-on import, over {rateSeconds:0} s"),
                Invariant($"{rate:0.0} chunks/s"),
                Notes: Invariant($"{chunksPerFile:0.0} chunks per generated file; that import's {pendingOfOne:N0} pending files would take {Duration(pendingOfOne * chunksPerFile, rate)} at this rate, both imports' {pendingFiles:N0} {Duration(pendingFiles * chunksPerFile, rate)}; Retrieval:Embeddings:Threads {EmbeddingThreads()}; load average {load}")),
            new RetrievalRow("import", Invariant($"indexer with a second Worker replica, over {pairSeconds:0} s"),
                Invariant($"{pairRate:0.0} chunks/s = {(rate > 0 ? pairRate / rate : 0):0.00}× one replica"),
                Notes: Invariant($"right after the row above, on the same backlog; each replica Retrieval:Embeddings:Threads {EmbeddingThreads()}, {Environment.ProcessorCount} cores for both, the Api and PostgreSQL; that import's files would take {Duration(pendingOfOne * chunksPerFile, pairRate)} at this rate; load average {pairLoad}")),
        ];
    }

    /// <summary>
    /// Chunks stored per second over about <see cref="RateWindow"/>, both workspaces together (the indexer takes the newest
    /// files first, but may end a pass over the first import's). A pass stores its chunks at once, so the rate is taken
    /// between the first and the last change seen, which start and end on a pass, not between the window's ends.
    /// </summary>
    private static async Task<(double Rate, double Seconds, string Load)> RateAsync(ApiUnderTest api, string token, params string[] workspaces)
    {
        var clock = Stopwatch.StartNew();
        var (last, _, _) = await TotalsAsync(api, token, workspaces);
        (double Seconds, long Chunks)? first = null, latest = null;
        var printed = TimeSpan.Zero;
        while (clock.Elapsed < RateWindow)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var (chunks, indexed, _) = await TotalsAsync(api, token, workspaces);
            if (chunks != last)
            {
                last = chunks;
                latest = (clock.Elapsed.TotalSeconds, chunks);
                first ??= latest;
            }

            if (clock.Elapsed - printed >= TimeSpan.FromSeconds(15))
            {
                printed = clock.Elapsed;
                Console.WriteLine(Invariant($"  indexer: {chunks:N0} chunks, {indexed:N0} files embedded after {clock.Elapsed.TotalSeconds:0} s"));
            }
        }

        var load = LoadAverage();
        return first is { } from && latest is { } to && to.Seconds > from.Seconds
            ? ((to.Chunks - from.Chunks) / (to.Seconds - from.Seconds), to.Seconds - from.Seconds, load)
            : (0, clock.Elapsed.TotalSeconds, load);
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

    private static string Duration(double chunks, double rate) => rate <= 0 ? "forever (nothing stored in the window)"
        : chunks / rate >= 3600 ? Invariant($"{chunks / rate / 3600:0.0} h") : Invariant($"{chunks / rate / 60:0} min");
}
