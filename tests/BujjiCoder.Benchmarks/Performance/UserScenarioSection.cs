using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Testing;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// The 1,000-user scenario: two Api replicas behind the production front door (nginx with deploy/nginx/web.conf) on one
/// PostgreSQL and Redis, every user a real account with a JWT, acting with think time in the mix, the fake
/// provider streaming at a model's pace; then every user opens a chat stream and holds it, to see 1,000 held at once.
/// The load generator is this process on the same cores: one HttpClient, async users, no thread per user.
/// </summary>
internal sealed class UserScenarioSection : IPerformanceSection
{
    private const int UsersPerWorkspace = 50;
    private const int FilesPerWorkspace = 100;
    internal const string ChatModel = "sim-chat";
    internal const string ComposerModel = "sim-composer";
    private const string HoldModel = "sim-hold";
    private const double NonLlmP95Limit = 100;

    // The mix; chat and composer wait for a model, so the 100 ms bound is for the other four.
    internal static readonly (string Action, int Weight, bool WaitsForModel)[] Mix =
    [
        ("browse tree", 40, false),
        ("read file", 20, false),
        ("search", 10, false),
        ("edit/save", 10, false),
        ("chat (whole reply)", 15, true),
        ("composer", 5, true),
    ];

    // A person reading code between clicks: 5–15 s, ~100 actions/s from 1,000 users.
    internal static readonly (int Min, int Max) ThinkMilliseconds = (5_000, 15_000);

    public string Name => "users";

    public async Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken)
    {
        await using var chatLlm = await FakeLlmServer.StartAsync();
        await using var composerLlm = await FakeLlmServer.StartAsync();
        await using var holdLlm = await FakeLlmServer.StartAsync();
        ScriptProviders(chatLlm, composerLlm, holdLlm, settings);

        await using var api = await ApiUnderTest.StartAsync(ApiSettings(chatLlm, composerLlm, holdLlm));
        var second = await api.StartReplicaAsync();
        await using var balancer = await NginxBalancer.StartAsync([api.Client.BaseAddress!, second.BaseAddress!]);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            // Every held stream is a connection of its own (HTTP/1.1 through nginx), plus the users' other requests.
            MaxConnectionsPerServer = settings.Users * 2,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        })
        { BaseAddress = balancer.BaseUrl, Timeout = TimeSpan.FromMinutes(5) };

        var clock = Stopwatch.StartNew();
        var users = await SetUpUsersAsync(api, client, settings.Users, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {users.Count} users signed in, {users.Select(u => u.Workspace.Id).Distinct().Count()} workspaces imported, conversations created: {clock.Elapsed.TotalSeconds:0} s"));

        // Each action a few times through the balancer first, so both replicas have compiled and cached its path: the
        // figures are the steady state, not the first minutes after a deployment.
        var warmUp = new ActionLog("warm-up");
        foreach (var (action, _, _) in Mix)
        {
            await Task.WhenAll(users.Take(4).Select(user => UserActions.RunAsync(action, user, client, new Random(user.Index), Stopwatch.GetTimestamp(), warmUp, cancellationToken)));
        }

        var replicas = api.ReplicaProcessIds;
        var before = replicas.Select(ProcessMemory.Read).ToArray();
        var logs = Mix.ToDictionary(m => m.Action, m => new ActionLog(m.Action));
        var firstToken = new ActionLog("chat: first token");
        var probe = new ActionLog("probe");
        var loadBefore = ControlProbe.LoadAverage();
        clock.Restart();
        using (var probing = new CancellationTokenSource())
        {
            var probeLoop = ControlProbe.RunAsync(client, probe, probing.Token);
            await Task.WhenAll(users.Select(user => UserActions.ActAsync(user, client, logs, firstToken, settings.Scenario, cancellationToken)));
            await probing.CancelAsync();
            await probeLoop;
        }

        var actions = logs.Values.Sum(l => l.Count);
        var mixSeconds = clock.Elapsed.TotalSeconds;
        var loadAfter = ControlProbe.LoadAverage();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   mix: {actions} actions in {mixSeconds:0} s ({actions / mixSeconds:0} /s)"));

        var afterMix = replicas.Select(ProcessMemory.Read).ToArray();
        var hold = await HeldStreams.HoldAsync(users, client, replicas, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   hold: peak {hold.PeakLive} streams live at once ({hold.PeakOpen} open), {hold.Log.Errors} errors"));
        var end = replicas.Select(ProcessMemory.Read).ToArray();

        var rows = Rows(settings, users.Count, logs, firstToken, actions / mixSeconds, hold, replicas, before, afterMix, hold.Memory, end);
        rows.Insert(0, new PerformanceRow(Name, "control: GET /health/live through nginx, 10/s during the mix", probe.Describe(), "", probe.Errors == 0 ? null : false,
            $"what any request waits for on this machine at this load; load average {loadBefore} before the mix, {loadAfter} after (other work on the machine included)"));
        return rows;
    }

    private List<PerformanceRow> Rows(
        PerformanceSettings settings, int userCount, Dictionary<string, ActionLog> logs, ActionLog firstToken, double actionsPerSecond, HeldStreams.HoldResult hold,
        IReadOnlyList<int> replicas, (double Now, double Peak)?[] before, (double Now, double Peak)?[] afterMix, (double Now, double Peak)?[] whileHeld, (double Now, double Peak)?[] end)
    {
        var setting = string.Create(CultureInfo.InvariantCulture,
            $"{userCount} users, {settings.Scenario.TotalSeconds:0} s, think {ThinkMilliseconds.Min / 1000}–{ThinkMilliseconds.Max / 1000} s, {actionsPerSecond:0} actions/s; 2 replicas behind nginx");
        var rows = new List<PerformanceRow>();
        foreach (var (action, weight, waitsForModel) in Mix)
        {
            var log = logs[action];
            var p95 = log.Percentile(0.95);
            bool? met = waitsForModel ? (log.Errors == 0 ? null : false) : p95 < NonLlmP95Limit && log.Errors == 0 && log.Count > 0;
            var note = new List<string> { $"{weight}% of actions" };
            if (!waitsForModel && p95 >= NonLlmP95Limit)
            {
                note.Add(string.Create(CultureInfo.InvariantCulture, $"p95 {p95 - NonLlmP95Limit:0} ms over"));
            }

            if (log.Errors > 0)
            {
                note.Add(log.FailureSummary());
            }

            if (waitsForModel)
            {
                note.Add(action == "composer" ? "fake model answers in 1–2 s" : "fake model: first token 300–800 ms, tokens 20–50 ms apart");
            }

            rows.Add(new PerformanceRow(Name, action, log.Describe(), waitsForModel ? "0 errors (waits for the model)" : "p95 < 100 ms, 0 errors", met, string.Join("; ", note)));
        }

        rows.Add(new PerformanceRow(Name, "chat: time to first token", firstToken.Describe(), "", null, "includes the fake model's 300–800 ms; the gateway's own overhead is the chat section's row"));
        var errors = logs.Values.Sum(l => l.Errors);
        rows.Add(new PerformanceRow(Name, "errors, all actions", errors.ToString(CultureInfo.InvariantCulture), "0", errors == 0, setting));
        rows.Add(new PerformanceRow(Name, "SSE streams held open at once", string.Create(CultureInfo.InvariantCulture,
                $"{hold.PeakLive} streaming (peak), all {hold.Opened} opened in {hold.OpenSeconds:0.0} s, first token p95 {hold.Log.Percentile(0.95):0} ms, errors {hold.Log.Errors}"),
            $"{userCount} held at once, 0 errors", hold.PeakLive >= userCount && hold.Log.Errors == 0,
            hold.Log.Errors > 0 ? hold.Log.FailureSummary() : "every user opens a chat whose fake model sends a token a second"));
        for (var i = 0; i < replicas.Count; i++)
        {
            rows.Add(new PerformanceRow(Name, $"Api replica {i + 1} memory (RSS)", string.Create(CultureInfo.InvariantCulture,
                $"peak {end[i]?.Peak ?? whileHeld[i]?.Peak:0} MiB; {before[i]?.Now:0} MiB before the mix, {afterMix[i]?.Now:0} after it, {whileHeld[i]?.Now:0} holding streams, {end[i]?.Now:0} at the end"),
                "", null, "VmHWM/VmRSS of /proc/<pid>/status"));
        }

        return rows;
    }

    private static Dictionary<string, string?> ApiSettings(FakeLlmServer chat, FakeLlmServer composer, FakeLlmServer hold)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth__RegistrationMode"] = "Open",
            // Signed in once before the run; the run must not outlive the tokens.
            ["Auth__Jwt__AccessTokenLifetime"] = "01:00:00",
        };
        var models = new[] { (ChatModel, chat), (ComposerModel, composer), (HoldModel, hold) };
        for (var i = 0; i < models.Length; i++)
        {
            var (model, server) = models[i];
            settings[$"Llm__Providers__{model}__Kind"] = "OpenAICompatible";
            settings[$"Llm__Providers__{model}__Endpoint"] = new Uri(server.BaseUrl, "v1").ToString();
            settings[$"Llm__Providers__{model}__ApiKey"] = "sk-sim";
            settings[$"Llm__Models__{i}__Id"] = model;
            settings[$"Llm__Models__{i}__Provider"] = model;
        }

        return settings;
    }

    // Each purpose has its own fake so its pace is its own: chat replies vary per call (queued), the composer answers
    // with a diff, and the held streams trickle a token a second for longer than the hold phase lasts.
    private static void ScriptProviders(FakeLlmServer chat, FakeLlmServer composer, FakeLlmServer hold, PerformanceSettings settings)
    {
        var random = new Random(42);
        var words = string.Join(' ', Enumerable.Range(0, 120).Select(i => RepositoryGenerator.Words[i % RepositoryGenerator.Words.Length]));
        var expectedChats = (int)(settings.Users * settings.Scenario.TotalSeconds / (ThinkMilliseconds.Min / 1000.0) * 0.15) + 100;
        for (var i = 0; i < expectedChats; i++)
        {
            chat.Enqueue(new FakeReply(words, ChunkCount: random.Next(40, 100), FirstTokenDelay: TimeSpan.FromMilliseconds(random.Next(300, 800)),
                TokenDelay: TimeSpan.FromMilliseconds(random.Next(20, 50)), InputTokens: 1200, OutputTokens: 120));
        }

        chat.Default = new FakeReply(words, ChunkCount: 70, FirstTokenDelay: TimeSpan.FromMilliseconds(550), TokenDelay: TimeSpan.FromMilliseconds(35), InputTokens: 1200, OutputTokens: 120);
        composer.Default = new FakeReply(
            "Adds a note on the order flow.\n```diff\n--- /dev/null\n+++ b/docs/ORDER-NOTES.md\n@@ -0,0 +1,2 @@\n+# Order notes\n+Orders are invoiced when shipped.\n```\n",
            FirstTokenDelay: TimeSpan.FromMilliseconds(1500), InputTokens: 3000, OutputTokens: 60);
        hold.Default = new FakeReply(words, ChunkCount: 120, FirstTokenDelay: TimeSpan.FromMilliseconds(500), TokenDelay: TimeSpan.FromSeconds(1), InputTokens: 200, OutputTokens: 120);
    }

    /// <summary>
    /// Accounts through the Api (register, sign in: the password hash dominates), workspaces filled by import and shared
    /// by <see cref="UsersPerWorkspace"/> members each, and each user's two conversations.
    /// </summary>
    private static async Task<List<SimulatedUser>> SetUpUsersAsync(ApiUnderTest api, HttpClient client, int count, CancellationToken cancellationToken)
    {
        var admin = (await api.SignInAsync()).AccessToken;
        var workspaces = new BenchWorkspace[(count + UsersPerWorkspace - 1) / UsersPerWorkspace];
        await Parallel.ForAsync(0, workspaces.Length, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (i, _) =>
            workspaces[i] = await BenchWorkspace.ImportAsync(client, admin, $"team-{i:D2}", FilesPerWorkspace, FilesPerWorkspace * 2048L, seed: i));

        Console.WriteLine($"   {workspaces.Length} workspaces of {FilesPerWorkspace} files imported");
        var users = new SimulatedUser[count];
        var ready = 0;
        // A handful at a time: each sign-up and sign-in is a deliberately slow password hash on the same two cores.
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var name = $"sim{i:D4}";
            var password = $"simulated user {i} reads code all day";
            using var registered = await client.PostAsJsonAsync("/api/v1/auth/register", new { userName = name, email = $"{name}@example.test", password }, token);
            var id = (await BenchWorkspace.Succeeded(registered).Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("id").GetString()!;
            using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = name, password }, token);
            var accessToken = (await BenchWorkspace.Succeeded(login).Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("accessToken").GetString()!;
            var workspace = workspaces[i / UsersPerWorkspace];
            using var member = BenchWorkspace.Authorized(HttpMethod.Post, $"/api/v1/workspaces/{workspace.Id}/members", admin);
            member.Content = JsonContent.Create(new { user = name, role = "editor" });
            BenchWorkspace.Succeeded(await client.SendAsync(member, token)).Dispose();
            var user = new SimulatedUser(i, id, accessToken, workspace);
            user.ChatConversation = await CreateConversationAsync(client, user, ChatModel, token);
            user.HoldConversation = await CreateConversationAsync(client, user, HoldModel, token);
            users[i] = user;
            if (Interlocked.Increment(ref ready) % 100 == 0)
            {
                Console.WriteLine($"   {ready} users registered, signed in, added to a workspace, with two conversations");
            }
        });
        return [.. users];
    }

    private static async Task<string> CreateConversationAsync(HttpClient client, SimulatedUser user, string model, CancellationToken cancellationToken)
    {
        using var request = BenchWorkspace.Authorized(HttpMethod.Post, $"/api/v1/workspaces/{user.Workspace.Id}/conversations", user.Token);
        request.Content = JsonContent.Create(new { model });
        using var response = await client.SendAsync(request, cancellationToken);
        return (await BenchWorkspace.Succeeded(response).Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
    }
}
