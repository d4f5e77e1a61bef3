using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.AppHost.Infrastructure;
using BujjiCoder.Testing;
using BujjiCoder.Testing.FakeLlm;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>
/// Issue 16's faults under a steady load: users reading a file, listing the tree and saving files through nginx in front of
/// two Api processes, while (in turn) a provider hangs, Redis is stopped and started, PostgreSQL is stopped and started and
/// one Api process is killed. Each fault gets its own PostgreSQL (durable commits) and Redis, so stopping them disturbs
/// nothing else. Rows: errors during and after each fault, the slowest answer and the 503s while PostgreSQL is down,
/// readiness recovery, the other provider's chat while one hangs, and acknowledged saves lost (read back at the end).
/// </summary>
internal sealed class FaultSection : IPerformanceSection
{
    private const int Users = 8;
    private const int HangingPermits = 4;
    private const int HangingQueue = 2;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public string Name => "faults";

    public async Task<IReadOnlyList<PerformanceRow>> MeasureAsync(PerformanceSettings settings, CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresServer.StartAsync(durable: true);
        await using var redis = await RedisServer.StartAsync();
        await using var hanging = await FakeLlmServer.StartAsync();
        await using var quick = await FakeLlmServer.StartAsync();
        hanging.Default = new FakeReply(FirstTokenDelay: TimeSpan.FromMinutes(10));
        quick.Default = new FakeReply("A quick answer from the other provider.", FirstTokenDelay: TimeSpan.FromMilliseconds(50));
        var environment = Environment(await postgres.CreateDatabaseAsync(), redis.ConnectionString, hanging, quick);

        // One after the other: the first migrates the database.
        var replicas = new List<ServerProcess>();
        try
        {
            var urls = new List<Uri>();
            for (var i = 0; i < 2; i++)
            {
                var (process, url) = await StartReplicaAsync(environment);
                replicas.Add(process);
                urls.Add(url);
            }

            await using var balancer = await NginxBalancer.StartAsync(urls);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = balancer.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
            var users = new List<User>();
            for (var i = 0; i < Users; i++)
            {
                users.Add(await User.SignUpAsync(http));
            }

            var rows = new List<PerformanceRow>();
            var load = new SteadyLoad(users);
            load.Start();
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);

            rows.AddRange(await HangingProviderAsync(users[0], cancellationToken));
            rows.AddRange(await RedisAsync(load, redis, cancellationToken));
            rows.AddRange(await PostgresAsync(load, postgres, urls, cancellationToken));
            rows.AddRange(await ReplicaAsync(load, replicas[0], cancellationToken));

            await load.StopAsync();
            var lost = await load.LostSavesAsync();
            rows.Add(Row("acknowledged saves lost (all faults)", $"{lost} of {load.Acknowledged}", "0", lost == 0));
            return rows;
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private async Task<IEnumerable<PerformanceRow>> HangingProviderAsync(User user, CancellationToken cancellationToken)
    {
        var hangingChat = await user.ConversationAsync("hang-model");
        var quickChat = await user.ConversationAsync("quick-model");
        // The first calls of a path pay for JIT and connection set-up on each replica: not what the baseline is about.
        await ChatLatenciesAsync(user, quickChat, 4);
        var before = await ChatLatenciesAsync(user, quickChat, 10);

        // More calls than both replicas' bulkheads hold and queue: however nginx spreads them, at least 4 must be refused at once.
        using var giveUp = new CancellationTokenSource();
        var offered = (2 * (HangingPermits + HangingQueue)) + 4;
        var calls = Enumerable.Range(0, offered).Select(_ => TimedAsync(() => user.AskAsync(hangingChat, "hang-model", giveUp.Token))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var during = await ChatLatenciesAsync(user, quickChat, 10);
        var refused = calls.Where(call => call.IsCompletedSuccessfully && call.Result.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var slowestRefusal = refused.Count == 0 ? TimeSpan.Zero : refused.Max(call => call.Result.Took);
        await giveUp.CancelAsync();
        await Task.WhenAll(calls.Select(call => call.ContinueWith(_ => { }, TaskScheduler.Default)));

        var p95Before = Percentile(before, 0.95);
        var p95During = Percentile(during, 0.95);
        return
        [
            Row("hanging provider: calls refused beyond its places (2 replicas)", $"{refused.Count} of {offered}, slowest refusal {Ms(slowestRefusal)}",
                $"≥ {offered - (2 * (HangingPermits + HangingQueue))}, at once", refused.Count >= offered - (2 * (HangingPermits + HangingQueue)) && slowestRefusal < TimeSpan.FromSeconds(5),
                $"Llm:Concurrency {HangingPermits} places + {HangingQueue} queued per replica"),
            Row("hanging provider: other provider's chat p95 (before → during)", $"{Ms(p95Before)} → {Ms(p95During)}", "unaffected (≤ 2× + 50 ms)",
                p95During <= (p95Before * 2) + TimeSpan.FromMilliseconds(50)),
        ];
    }

    private async Task<IEnumerable<PerformanceRow>> RedisAsync(SteadyLoad load, RedisServer redis, CancellationToken cancellationToken)
    {
        var stopped = load.Now;
        await redis.StopAsync();
        await Task.Delay(Outage, cancellationToken);
        await redis.StartAgainAsync();
        var back = load.Now;
        await Task.Delay(Settle, cancellationToken);
        var during = load.Between(stopped, back);
        var after = load.Between(back, back + Settle);
        return
        [
            Row("Redis down 5 s: errors during / after", $"{Errors(during)} of {during.Count} / {Errors(after)} of {after.Count}", "0 / 0",
                Errors(during) == 0 && Errors(after) == 0, $"reads p95 during {Ms(Percentile(during.Select(s => s.Took).ToList(), 0.95))}"),
        ];
    }

    private async Task<IEnumerable<PerformanceRow>> PostgresAsync(SteadyLoad load, PostgresServer postgres, IReadOnlyList<Uri> replicas, CancellationToken cancellationToken)
    {
        var stopped = load.Now;
        await postgres.StopAsync();
        await Task.Delay(Outage, cancellationToken);
        var stillDown = load.Now;
        await postgres.StartAgainAsync();
        var back = load.Now;
        var ready = await ReadyAgainAsync(replicas);
        var readyAt = load.Now;
        await Task.Delay(Settle, cancellationToken);

        // Requests sent while it was down (the last second before the restart is clear of the shutdown itself).
        var during = load.Between(stopped, stillDown);
        var unavailable = during.Where(sample => sample.Status == 503).ToList();
        var wrong = during.Count(sample => sample.Status is not (>= 200 and < 300) and not 503);
        var slowest = during.Count == 0 ? TimeSpan.Zero : during.Max(sample => sample.Took);
        var after = load.Between(readyAt, readyAt + Settle);
        return
        [
            Row("PostgreSQL down: slowest answer (time to 503)", Ms(slowest), "≤ 5 s", slowest <= TimeSpan.FromSeconds(5),
                $"{unavailable.Count} of {during.Count} answered 503, {unavailable.Count(s => s.RetryAfter)} with Retry-After"),
            Row("PostgreSQL down: errors other than 503 + Retry-After", $"{wrong + unavailable.Count(s => !s.RetryAfter)}", "0",
                wrong + unavailable.Count(s => !s.RetryAfter) == 0),
            Row("PostgreSQL back: readiness 200 on both replicas", Ms(ready), "≤ 10 s", ready <= TimeSpan.FromSeconds(10)),
            Row("PostgreSQL back: errors in the 5 s after ready", $"{Errors(after)} of {after.Count}", "0", Errors(after) == 0,
                $"{load.Between(back, readyAt).Count(sample => sample.Status == 503)} answered 503 while becoming ready"),
        ];
    }

    private async Task<IEnumerable<PerformanceRow>> ReplicaAsync(SteadyLoad load, ServerProcess replica, CancellationToken cancellationToken)
    {
        var killed = load.Now;
        replica.Kill();
        await Task.Delay(Settle, cancellationToken);
        var after = load.Now;
        await Task.Delay(Settle, cancellationToken);
        var during = load.Between(killed, after);
        var later = load.Between(after, after + Settle);
        var failedSaves = during.Count(sample => sample.Kind == "save" && sample.Status is not (>= 200 and < 300));
        return
        [
            Row("one replica killed: errors in the first 5 s / next 5 s", $"{Errors(during)} of {during.Count} / {Errors(later)} of {later.Count}", "0 / 0",
                Errors(during) == 0 && Errors(later) == 0,
                failedSaves == 0 ? null : $"{failedSaves} saves in flight to the killed replica got 502 (not acknowledged; nginx cannot replay a streamed body)"),
        ];
    }

    private static async Task<TimeSpan> ReadyAgainAsync(IReadOnlyList<Uri> replicas)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var replica in replicas)
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var ready = await probe.GetAsync(new Uri(replica, "/health/ready"));
                    if (ready.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not answering yet.
                }

                await Task.Delay(100);
            }
        }

        return clock.Elapsed;
    }

    private static async Task<List<TimeSpan>> ChatLatenciesAsync(User user, string conversation, int count)
    {
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var answer = await TimedAsync(() => user.AskAsync(conversation, "quick-model", CancellationToken.None));
            latencies.Add(answer.Status == HttpStatusCode.OK ? answer.Took : TimeSpan.FromMinutes(1));
        }

        return latencies;
    }

    private static async Task<(HttpStatusCode Status, TimeSpan Took)> TimedAsync(Func<Task<HttpResponseMessage>> call)
    {
        var clock = Stopwatch.StartNew();
        using var response = await call();
        return (response.StatusCode, clock.Elapsed);
    }

    private static Dictionary<string, string?> Environment(string database, string redis, FakeLlmServer hanging, FakeLlmServer quick) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__bujjidb"] = database,
        ["ConnectionStrings__cache"] = redis,
        ["Auth__Jwt__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)),
        ["Auth__RegistrationMode"] = "Open",
        ["Logging__LogLevel__Default"] = "Warning",
        // The limiter stays on, so Redis's outage is felt, with limits no user of this load reaches.
        ["RateLimiting__Anonymous__PermitLimit"] = "1000000",
        ["RateLimiting__Roles__User__PermitLimit"] = "1000000",
        ["RateLimiting__Groups__auth__PermitLimit"] = "1000000",
        ["RateLimiting__Groups__chat__PermitLimit"] = "1000000",
        ["Llm__Providers__hangfake__Kind"] = "OpenAICompatible",
        ["Llm__Providers__hangfake__Endpoint"] = new Uri(hanging.BaseUrl, "v1").ToString(),
        ["Llm__Providers__hangfake__ApiKey"] = "sk-bench-hanging-0000",
        ["Llm__Providers__quickfake__Kind"] = "OpenAICompatible",
        ["Llm__Providers__quickfake__Endpoint"] = new Uri(quick.BaseUrl, "v1").ToString(),
        ["Llm__Providers__quickfake__ApiKey"] = "sk-bench-quick-0000",
        ["Llm__Models__0__Id"] = "hang-model",
        ["Llm__Models__0__Provider"] = "hangfake",
        ["Llm__Models__1__Id"] = "quick-model",
        ["Llm__Models__1__Provider"] = "quickfake",
        ["Llm__Concurrency__PermitLimit"] = HangingPermits.ToString(CultureInfo.InvariantCulture),
        ["Llm__Concurrency__QueueLimit"] = HangingQueue.ToString(CultureInfo.InvariantCulture),
        ["Llm__Concurrency__QueueTimeout"] = "00:01:00",
    };

    private static async Task<(ServerProcess Process, Uri Url)> StartReplicaAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var url = new Uri($"http://127.0.0.1:{LocalServers.FreePort()}/");
        var process = ServerProcess.StartProject("BujjiCoder.Api", [], new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/') });
        using var client = new HttpClient { BaseAddress = url };
        await process.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(90));
        return (process, url);
    }

    private PerformanceRow Row(string name, string measured, string target, bool met, string? note = null) => new(Name, name, measured, target, met, note);

    private static int Errors(IReadOnlyList<Sample> samples) => samples.Count(sample => sample.Status is not (>= 200 and < 300));

    private static TimeSpan Percentile(List<TimeSpan> values, double p) =>
        values.Count == 0 ? TimeSpan.Zero : values.Order().ElementAt((int)Math.Min(values.Count - 1, p * values.Count));

    private static string Ms(TimeSpan value) => $"{value.TotalMilliseconds:F0} ms";

    /// <summary>One request of the steady load: when it was sent (from the load's start), what, its status and how long it took.</summary>
    private sealed record Sample(TimeSpan At, string Kind, int Status, TimeSpan Took, bool RetryAfter);

    /// <summary>Each user in a loop: read a file, list the tree, save a new file; a 503 is waited out briefly, as the app does.</summary>
    private sealed class SteadyLoad(IReadOnlyList<User> users)
    {
        private readonly Stopwatch _clock = new();
        private readonly ConcurrentQueue<Sample> _samples = new();
        private readonly ConcurrentDictionary<(int User, string Path), string> _saved = new();
        private readonly CancellationTokenSource _stop = new();
        private List<Task> _loops = [];

        public TimeSpan Now => _clock.Elapsed;

        public int Acknowledged => _saved.Count;

        public void Start()
        {
            _clock.Start();
            _loops = [.. users.Select((user, index) => Task.Run(() => LoopAsync(user, index)))];
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
        }

        public IReadOnlyList<Sample> Between(TimeSpan from, TimeSpan to) => [.. _samples.Where(sample => sample.At >= from && sample.At < to)];

        /// <summary>Reads every acknowledged save back through the balancer and counts those missing or different.</summary>
        public async Task<int> LostSavesAsync()
        {
            var lost = 0;
            foreach (var ((user, path), content) in _saved)
            {
                using var response = await users[user].SendAsync(HttpMethod.Get, $"/files/{path}", null);
                if (!response.IsSuccessStatusCode || await response.Content.ReadAsStringAsync() != content)
                {
                    lost++;
                }
            }

            return lost;
        }

        private async Task LoopAsync(User user, int index)
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                await SendAsync(user, "read", HttpMethod.Get, "/files/README.md", null);
                await SendAsync(user, "tree", HttpMethod.Get, "/tree?recursive=true", null);
                var (path, content) = ($"saves/{i}.txt", $"save {i} of user {index}: {Guid.NewGuid():N}");
                if (await SendAsync(user, "save", HttpMethod.Put, $"/files/{path}", content))
                {
                    _saved[(index, path)] = content;
                }
            }
        }

        private async Task<bool> SendAsync(User user, string kind, HttpMethod method, string path, string? content)
        {
            var at = _clock.Elapsed;
            var started = Stopwatch.StartNew();
            int status;
            var retryAfter = false;
            try
            {
                using var response = await user.SendAsync(method, path, content);
                status = (int)response.StatusCode;
                retryAfter = response.Headers.RetryAfter is not null;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }

            _samples.Enqueue(new Sample(at, kind, status, started.Elapsed, retryAfter));
            if (status is not (>= 200 and < 300))
            {
                await Task.Delay(100);
            }

            return status is >= 200 and < 300;
        }
    }

    /// <summary>A signed-up user with a workspace holding README.md, calling through the balancer.</summary>
    private sealed class User(HttpClient http, string accessToken, string workspace)
    {
        public static async Task<User> SignUpAsync(HttpClient http)
        {
            var name = $"f{Guid.NewGuid():N}"[..20];
            const string password = "fault section passphrase";
            using (var registered = await http.PostAsJsonAsync("/api/v1/auth/register", new { userName = name, email = $"{name}@example.test", password }))
            {
                registered.EnsureSuccessStatusCode();
            }

            using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = name, password });
            var token = (await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces") { Content = JsonContent.Create(new { name = "faults" }) };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var created = await http.SendAsync(create);
            var ws = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var user = new User(http, token, ws);
            using var readme = await user.SendAsync(HttpMethod.Put, "/files/README.md", "# faults\n");
            readme.EnsureSuccessStatusCode();
            return user;
        }

        /// <summary>A workspace request: <paramref name="path"/> is under <c>/api/v1/workspaces/{id}</c>.</summary>
        public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? content) =>
            SendRawAsync(method, $"/api/v1/workspaces/{workspace}{path}", content is null ? null : new StringContent(content, Encoding.UTF8, "text/plain"), CancellationToken.None);

        public async Task<string> ConversationAsync(string model)
        {
            using var created = await SendRawAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspace}/conversations", JsonContent.Create(new { title = model, model }), CancellationToken.None);
            return (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        public Task<HttpResponseMessage> AskAsync(string conversation, string model, CancellationToken cancellationToken) =>
            SendRawAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", JsonContent.Create(new { content = "Anything?", model }), cancellationToken);

        private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            return await http.SendAsync(request, cancellationToken);
        }
    }
}
