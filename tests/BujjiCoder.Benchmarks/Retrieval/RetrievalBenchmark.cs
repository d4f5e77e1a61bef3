using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Benchmarks.Performance;
using static BujjiCoder.Benchmarks.Retrieval.RetrievalTable;

namespace BujjiCoder.Benchmarks.Retrieval;

/// <summary>
/// Issue 17's retrieval benchmark: the question set's codebase imported into a fresh Api (and Worker) with the
/// SemanticSearch flag on, indexed, then every question asked of text, semantic and hybrid search over HTTP and of chat's
/// grounding in process (flag off and on), scored by recall@5 and MRR; query latency; and, with <c>--import-files N</c>,
/// whether indexing slows an import of N generated files and how fast it works through them.
/// </summary>
internal static class RetrievalBenchmark
{
    /// <summary>Hits asked of each search: enough that five files (and the first answer, for MRR) can be found among lines and chunks.</summary>
    private const int HitLimit = 50;

    /// <summary>Times each question is asked of each mode for latency, after the scoring pass has warmed everything.</summary>
    private const int LatencyRounds = 3;

    private static readonly TimeSpan IndexingTimeout = TimeSpan.FromMinutes(15);

    private static readonly string[] HttpModes = ["text", "semantic", "hybrid"];

    public static async Task<int> RunAsync(int importFiles)
    {
        var set = QuestionSet.Load();
        var (archive, paths) = set.Pack();
        var startedAt = DateTimeOffset.UtcNow;
        var loadAtStart = LoadAverage();
        var total = Stopwatch.StartNew();
        Console.WriteLine($"{set.Package} {set.Version} {set.Root}/: {paths.Count} files, {set.Questions.Count} questions; {Environment.ProcessorCount} cores, load average {loadAtStart}");

        // Test processes default the flag to false (indexing would take a core in every one); this run is about it.
        await using var api = await ApiUnderTest.StartAsync(new Dictionary<string, string?> { ["FeatureManagement__SemanticSearch"] = "true" });
        var token = (await api.SignInAsync()).AccessToken;

        var rows = new List<RetrievalRow>();
        var clock = Stopwatch.StartNew();
        var workspace = await BenchWorkspace.ImportAsync(api.Client, token, $"{set.Package}-{set.Version}", archive, paths);
        var importSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"import: {importSeconds:0.0} s"));
        rows.Add(await WaitForIndexAsync(api, token, workspace.Id, set, importSeconds));

        var (scores, chatLatency) = await ScoreAsync(api, token, workspace.Id, set);
        rows.AddRange(Score(set, scores));
        rows.AddRange(await LatencyAsync(api, token, workspace.Id, set, chatLatency));

        if (importFiles > 0)
        {
            rows.AddRange(await ImportWhileIndexing.MeasureAsync(api, token, importFiles));
        }

        PrintTable(rows, set, startedAt, loadAtStart, total.Elapsed);
        return rows.Any(row => row.Met == false) ? 1 : 0;
    }

    /// <summary>Polls the index state from the import's end until nothing is pending: the knex corpus's indexing time and rate.</summary>
    private static async Task<RetrievalRow> WaitForIndexAsync(ApiUnderTest api, string token, string workspaceId, QuestionSet set, double importSeconds)
    {
        var clock = Stopwatch.StartNew();
        (double Seconds, long Chunks)? firstPass = null;
        var lastPrint = TimeSpan.Zero;
        while (true)
        {
            var state = await SemanticIndexState.GetAsync(api.Client, token, workspaceId);
            if (state.Chunks > 0)
            {
                firstPass ??= (clock.Elapsed.TotalSeconds, state.Chunks);
            }

            if (state.Files > 0 && state.PendingFiles == 0)
            {
                var seconds = clock.Elapsed.TotalSeconds;
                var load = LoadAverage();
                Console.WriteLine(Invariant($"indexed: {state.Files} files, {state.Chunks:N0} chunks in {seconds:0.0} s ({state.Model}, {state.VectorStore})"));
                // After the first pass the model is loaded: the rate from then on is what a long import would see.
                var (firstSeconds, firstChunks) = firstPass ?? (seconds, state.Chunks);
                var steady = seconds > firstSeconds ? Invariant($"{(state.Chunks - firstChunks) / (seconds - firstSeconds):0.0} chunks/s") : "n/a (one pass)";
                return new RetrievalRow("index", Invariant($"{set.Package} {set.Root}/ ({state.Files} files) embedded after the import"),
                    Invariant($"{state.Chunks:N0} chunks in {seconds:0.0} s = {state.Chunks / seconds:0.0} chunks/s; {steady} after the first pass"),
                    Notes: Invariant($"from the import's end ({importSeconds:0.0} s) to 0 pending, so it includes the Worker's poll (≤ 2 s) and loading the model: the first pass's {firstChunks:N0} chunks were seen after {firstSeconds:0.0} s; {state.Model}, Retrieval:Embeddings:Threads {EmbeddingThreads()}, {Environment.ProcessorCount} cores, load average {load} at the end"));
            }

            if (clock.Elapsed > IndexingTimeout)
            {
                throw new TimeoutException($"The index still had {state.PendingFiles} of {state.Files} files pending after {IndexingTimeout}: is the Worker indexing (the SemanticSearch flag, its log)?");
            }

            if (clock.Elapsed - lastPrint > TimeSpan.FromSeconds(15))
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine(Invariant($"  indexing: {state.IndexedFiles}/{state.Files} files, {state.Chunks:N0} chunks after {clock.Elapsed.TotalSeconds:0} s"));
            }

            await Task.Delay(500);
        }
    }

    /// <summary>
    /// The five retrievals' scores for every question, and the in-process retrievals' times (the pass that also warms the
    /// caches and the models).
    /// </summary>
    private static async Task<(Dictionary<string, RetrievalScore[]> Scores, Dictionary<string, double[]> ChatLatency)> ScoreAsync(ApiUnderTest api, string token, string workspaceId, QuestionSet set)
    {
        var connection = api.Environment["ConnectionStrings__bujjidb"]!;
        await using var chatOff = ChatGrounding.Create(connection, semanticSearch: false);
        await using var chatOn = ChatGrounding.Create(connection, semanticSearch: true);
        var ws = Guid.Parse(workspaceId);
        var scores = RetrievalList.ToDictionary(r => r.Key, _ => new RetrievalScore[set.Questions.Count]);
        var chatLatency = new Dictionary<string, List<double>> { ["chat-off"] = [], ["chat-on"] = [] };
        for (var i = 0; i < set.Questions.Count; i++)
        {
            var question = set.Questions[i];
            foreach (var mode in HttpModes)
            {
                scores[mode][i] = RetrievalMetrics.Score(await SearchAsync(api, token, workspaceId, question.Text, mode), question.Answers);
            }

            foreach (var (key, chat) in new[] { ("chat-off", chatOff), ("chat-on", chatOn) })
            {
                var started = Stopwatch.GetTimestamp();
                var files = await chat.RetrieveAsync(ws, question.Text);
                chatLatency[key].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                scores[key][i] = RetrievalMetrics.Score(files, question.Answers);
            }
        }

        return (scores, chatLatency.ToDictionary(pair => pair.Key, pair => pair.Value.Order().ToArray()));
    }

    /// <summary>The five retrievals scored, by key, in the table's order, with the label the notes use.</summary>
    private static readonly (string Key, string Label, string Name)[] RetrievalList =
    [
        ("text", "(a)", "(a) HTTP mode=text, the question as typed"),
        ("semantic", "(b)", "(b) HTTP mode=semantic"),
        ("hybrid", "(c)", "(c) HTTP mode=hybrid (files by first appearance)"),
        ("chat-off", "(d-off)", "(d-off) chat grounding, flag off (ContextRetriever: per-word text search, today's chat)"),
        ("chat-on", "(d-on)", "(d-on) chat grounding, flag on (ContextRetriever: hybrid)"),
    ];

    private static string Label(string key) => RetrievalList.Single(r => r.Key == key).Label;

    private static IEnumerable<RetrievalRow> Score(QuestionSet set, Dictionary<string, RetrievalScore[]> scores)
    {
        RetrievalScore Mean(string key, Func<Question, bool> which) =>
            RetrievalMetrics.Mean([.. set.Questions.Select((q, i) => (q, i)).Where(p => which(p.q)).Select(p => scores[key][p.i])]);

        foreach (var (key, _, name) in RetrievalList)
        {
            var limit = key.StartsWith("chat", StringComparison.Ordinal) ? "files of its snippets (at most 8)" : $"limit={HitLimit}";
            yield return new RetrievalRow("retrieval", name, Format(Mean(key, _ => true)), Format(Mean(key, q => q.Paraphrased)), Format(Mean(key, q => !q.Paraphrased)), limit);
        }

        // "Text-only" is the better of what search by words gives today: the search box as typed, or chat's per-word search.
        var textOnly = new[] { "text", "chat-off" }.MaxBy(key => Mean(key, _ => true).RecallAt5)!;
        var bestText = Mean(textOnly, _ => true).RecallAt5;
        foreach (var hybrid in new[] { "hybrid", "chat-on" })
        {
            var recall = Mean(hybrid, _ => true).RecallAt5;
            yield return new RetrievalRow("retrieval", $"{Label(hybrid)} beats text-only on recall@5",
                Invariant($"{recall:0.000} vs {bestText:0.000} ({(recall - bestText) / Math.Max(bestText, 1e-9) * 100:+0;-0} %)"),
                Invariant($"{Mean(hybrid, q => q.Paraphrased).RecallAt5:0.000} vs {Mean(textOnly, q => q.Paraphrased).RecallAt5:0.000}"),
                Invariant($"{Mean(hybrid, q => !q.Paraphrased).RecallAt5:0.000} vs {Mean(textOnly, q => !q.Paraphrased).RecallAt5:0.000}"),
                $"text-only = the better of (a) and (d-off) on recall@5 over all questions: here {Label(textOnly)}",
                recall > bestText);
        }
    }

    /// <summary>Each question asked of each HTTP mode <see cref="LatencyRounds"/> times from one client, interleaved so load drifts hit every mode alike.</summary>
    private static async Task<IEnumerable<RetrievalRow>> LatencyAsync(ApiUnderTest api, string token, string workspaceId, QuestionSet set, Dictionary<string, double[]> chatLatency)
    {
        var load = LoadAverage();
        var latencies = HttpModes.ToDictionary(mode => mode, _ => new List<double>());
        for (var round = 0; round < LatencyRounds; round++)
        {
            foreach (var question in set.Questions)
            {
                foreach (var mode in HttpModes)
                {
                    var started = Stopwatch.GetTimestamp();
                    await SearchAsync(api, token, workspaceId, question.Text, mode);
                    latencies[mode].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        var rows = new List<RetrievalRow>();
        foreach (var mode in HttpModes)
        {
            var sorted = latencies[mode].Order().ToArray();
            Console.WriteLine(Invariant($"latency {mode}: p50 {LoadRun.Percentile(sorted, 0.5):0.0} ms, p95 {LoadRun.Percentile(sorted, 0.95):0.0} ms"));
            rows.Add(new RetrievalRow("latency", $"HTTP mode={mode} p50 / p95", Invariant($"{LoadRun.Percentile(sorted, 0.5):0.0} / {LoadRun.Percentile(sorted, 0.95):0.0} ms"),
                Notes: Invariant($"{sorted.Length} queries ({LatencyRounds} per question, limit={HitLimit}), one client, after the scoring pass; load average {load}")));
        }

        foreach (var (key, name) in new[] { ("chat-off", "chat grounding flag off"), ("chat-on", "chat grounding flag on") })
        {
            var sorted = chatLatency[key];
            rows.Add(new RetrievalRow("latency", $"{name} p50 / p95 (in process)", Invariant($"{LoadRun.Percentile(sorted, 0.5):0.0} / {LoadRun.Percentile(sorted, 0.95):0.0} ms"),
                Notes: "ContextRetriever.RetrieveAsync in the benchmark's process, once per question in the scoring pass (the first call loads the model)"));
        }

        return rows;
    }

    /// <summary>The paths of a search's hits, in the order returned.</summary>
    private static async Task<IReadOnlyList<string>> SearchAsync(ApiUnderTest api, string token, string workspaceId, string query, string mode)
    {
        using var request = api.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{workspaceId}/search?q={Uri.EscapeDataString(query)}&mode={mode}&limit={HitLimit}", token);
        using var response = await api.Client.SendAsync(request);
        var body = await BenchWorkspace.Succeeded(response).Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("path").GetString()!)];
    }

    private static void PrintTable(IReadOnlyList<RetrievalRow> rows, QuestionSet set, DateTimeOffset startedAt, string loadAtStart, TimeSpan elapsed) =>
        RetrievalTable.Print(rows, set, Invariant(
            $"{Environment.ProcessorCount} cores, {startedAt:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalMinutes:0.0} min, load average {loadAtStart} at the start and {LoadAverage()} at the end; {set.Package} {set.Version} {set.Root}/"));
}
