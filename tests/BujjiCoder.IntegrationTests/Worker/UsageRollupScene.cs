extern alias worker;

using System.Globalization;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ScheduledJobRunner = worker::BujjiCoder.Worker.Scheduling.ScheduledJobRunner;
using UsageRollupJob = worker::BujjiCoder.Worker.Usage.UsageRollupJob;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>
/// An Api with three users and an administrator, and a Worker beside it on a clock the test holds, whose roll-up job
/// the test runs by hand (its schedule is off). Usage records go straight into the database; the expected reports are
/// summed here from the records the test inserted.
/// </summary>
internal sealed class UsageRollupScene : IAsyncDisposable
{
    /// <summary>The Worker's now: mid-hour, so the open hour and the grace are both exercised.</summary>
    public static readonly DateTime Now = new(2026, 11, 20, 10, 17, 23, DateTimeKind.Utc);

    private static readonly string[] Models = ["m-alpha", "m-beta", "m-gamma"];
    private static readonly Guid?[] Workspaces = [null, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    private readonly List<UsageRecord> _records = [];

    private UsageRollupScene(ApiHost api, WorkerHost worker, WorkspaceClient admin, IReadOnlyList<WorkspaceClient> users)
    {
        Api = api;
        Worker = worker;
        Admin = admin;
        Users = users;
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ApiHost Api { get; }

    public WorkerHost Worker { get; }

    public WorkspaceClient Admin { get; }

    public IReadOnlyList<WorkspaceClient> Users { get; }

    public FakeTimeProvider Clock { get; } = new(Now);

    public UsageRollupJob Job => Worker.Factory.Services.GetRequiredService<UsageRollupJob>();

    public static async Task<UsageRollupScene> StartAsync(
        TestInfrastructure infrastructure, string provider, IReadOnlyDictionary<string, string?>? workerSettings = null, Action<IServiceCollection>? workerServices = null)
    {
        var recipe = provider == "postgres" ? TestHost.Postgres(infrastructure) : TestHost.Sqlite();
        var api = await recipe.WithOpenRegistration().WithBootstrappedAdmin().BuildApiAsync();
        try
        {
            var users = new List<WorkspaceClient>();
            for (var i = 0; i < 3; i++)
            {
                users.Add(await WorkspaceClient.SignUpAsync(api.Factory.CreateClient()));
            }

            var http = api.Factory.CreateClient();
            var tokens = await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(http, TestHost.AdminEmail, TestHost.AdminPassword));
            var admin = new WorkspaceClient(http, tokens.AccessToken, string.Empty);

            var scene = new UsageRollupScene(api, null!, admin, users);
            var worker = await TestHost.Beside(api).WithClock(scene.Clock).WithSettings(workerSettings ?? new Dictionary<string, string?>())
                .WithServices(services => services.Remove(services.Single(s => s.ImplementationType == typeof(ScheduledJobRunner))))
                .WithServices(workerServices ?? (_ => { }))
                .BuildWorkerAsync();
            return new UsageRollupScene(api, worker, admin, users);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Random records over the ten days before <see cref="Now"/> and into its open hour: the three users and one the
    /// Api has never heard of, three models, three workspaces and none, some exactly on a whole hour or midnight.
    /// </summary>
    public IReadOnlyList<UsageRecord> RandomRecords(Random random, int count)
    {
        var userIds = Users.Select(u => u.UserId).Append("someone-deleted").ToArray();
        var first = Now.AddDays(-10);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var at = Microseconds(first.AddTicks(random.NextInt64((Now - first).Ticks)));
            at = random.Next(10) switch
            {
                0 => new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc),
                1 => at.Date,
                _ => at,
            };
            return Record(at, userIds[random.Next(userIds.Length)], Models[random.Next(Models.Length)], Workspaces[random.Next(Workspaces.Length)], random);
        })];
    }

    public static UsageRecord Record(DateTime at, string userId, string model, Guid? workspaceId, Random random) => new()
    {
        At = at, UserId = userId, WorkspaceId = workspaceId, Kind = "chat", Model = model, Provider = "fake",
        InputTokens = random.Next(0, 5_000), OutputTokens = random.Next(0, 2_000), CostMicroUsd = random.NextInt64(0, 250_000),
        CacheHit = random.Next(5) == 0, Outcome = "success", LatencyMs = 100,
    };

    public async Task InsertAsync(IEnumerable<UsageRecord> records)
    {
        var batch = records.ToList();
        await using var scope = Api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        db.UsageRecords.AddRange(batch);
        await db.SaveChangesAsync(Cancellation);
        _records.AddRange(batch);
    }

    public Task RollUpAsync() => Job.RunAsync(Cancellation);

    public async Task<DateTime?> CursorAsync(string period)
    {
        await using var scope = Api.Factory.Services.CreateAsyncScope();
        var cursor = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().UsageRollupCursors.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Period == period, Cancellation);
        return cursor is null ? null : DateTime.SpecifyKind(cursor.RolledUpTo, DateTimeKind.Utc);
    }

    /// <summary>Every roll-up row (without its id) and cursor, to see that a run changed nothing.</summary>
    public async Task<List<string>> RollupStateAsync()
    {
        await using var scope = Api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var rows = await db.UsageRollups.AsNoTracking().ToListAsync(Cancellation);
        var cursors = await db.UsageRollupCursors.AsNoTracking().ToListAsync(Cancellation);
        return
        [
            .. rows.Select(r => FormattableString.Invariant($"{r.Period} {r.Start:o} {r.UserId} {r.Model} {r.WorkspaceId} {r.Requests} {r.InputTokens} {r.OutputTokens} {r.CostMicroUsd} {r.CacheHits}")).Order(StringComparer.Ordinal),
            .. cursors.Select(c => FormattableString.Invariant($"cursor {c.Period} {c.RolledUpTo:o}")).Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// Both reports, by day and by model, over <paramref name="count"/> random windows (whole days, whole hours, and
    /// ragged ends), and over windows around the cursors, each equal to the sums of the records inserted so far.
    /// </summary>
    public async Task AssertReportsMatchAsync(Random random, int count)
    {
        var hourCursor = await CursorAsync(UsageRollupPeriods.Hour) ?? Now;
        var windows = new List<(DateTime From, DateTime To)>
        {
            (Now.AddDays(-11), Now.AddDays(1)),
            (Now.AddDays(-10).Date, hourCursor),
            (hourCursor.AddMinutes(-90), hourCursor.AddMinutes(30)),
            (hourCursor.Date, Now.AddHours(1)),
        };
        for (var i = 0; i < count; i++)
        {
            var from = Instant(random);
            var to = Instant(random);
            windows.Add(from <= to ? (from, to) : (to, from));
        }

        var user = Users[random.Next(Users.Count)];
        foreach (var (from, to) in windows)
        {
            foreach (var groupBy in new[] { "day", "model" })
            {
                var query = FormattableString.Invariant($"from={from:yyyy-MM-ddTHH:mm:ss.fffffffZ}&to={to:yyyy-MM-ddTHH:mm:ss.fffffffZ}&groupBy={groupBy}");
                // Each line names its report and window, so a difference says where it is.
                Assert.Equal(Lines($"admin {query}", Expected(from, to, groupBy, userId: null)), Lines($"admin {query}", Reported(await Admin.GetJsonAsync($"/api/v1/admin/usage?{query}"))));
                Assert.Equal(Lines($"me {query}", Expected(from, to, groupBy, user.UserId)), Lines($"me {query}", Reported(await user.GetJsonAsync($"/api/v1/me/usage?{query}"))));
            }
        }
    }

    private static string Lines(string report, List<string> lines) => string.Join('\n', lines.Prepend(report));

    /// <summary>Somewhere from a day before the records to an hour after now: a third at midnight, a third on the hour, a third anywhere.</summary>
    private static DateTime Instant(Random random)
    {
        var first = Now.AddDays(-11);
        var at = Microseconds(first.AddTicks(random.NextInt64((Now.AddHours(1) - first).Ticks)));
        return random.Next(3) switch
        {
            0 => at.Date,
            1 => new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc),
            _ => at,
        };
    }

    /// <summary>PostgreSQL keeps microseconds: an instant finer than that could fall on the other side of a window's end there.</summary>
    private static DateTime Microseconds(DateTime at) => new(at.Ticks - at.Ticks % 10, DateTimeKind.Utc);

    /// <summary>The report's rows and totals as lines, costs in micro-USD.</summary>
    private static List<string> Reported(JsonElement report)
    {
        var lines = report.GetProperty("rows").EnumerateArray().Select(r => Line(
            r.GetProperty("key").GetString()!, r.TryGetProperty("userId", out var user) ? user.GetString() : null, r.GetProperty("requests").GetInt64(),
            r.GetProperty("inputTokens").GetInt64(), r.GetProperty("outputTokens").GetInt64(), (long)(r.GetProperty("costUsd").GetDecimal() * 1_000_000m),
            r.GetProperty("cacheHits").GetInt64())).ToList();
        var totals = report.GetProperty("totals");
        lines.Add(Line("totals", null, totals.GetProperty("requests").GetInt64(), totals.GetProperty("inputTokens").GetInt64(),
            totals.GetProperty("outputTokens").GetInt64(), (long)(totals.GetProperty("costUsd").GetDecimal() * 1_000_000m), totals.GetProperty("cacheHits").GetInt64()));
        return lines;
    }

    private List<string> Expected(DateTime from, DateTime to, string groupBy, string? userId)
    {
        var records = _records.Where(r => r.At >= from && r.At < to && (userId is null || r.UserId == userId)).ToList();
        var lines = records
            .GroupBy(r => (Key: groupBy == "day" ? r.At.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : r.Model, UserId: userId is null ? r.UserId : null))
            .OrderBy(g => g.Key.Key, StringComparer.Ordinal).ThenBy(g => g.Key.UserId, StringComparer.Ordinal)
            .Select(g => Sum(g.Key.Key, g.Key.UserId, g)).ToList();
        lines.Add(Sum("totals", null, records));
        return lines;
    }

    private static string Sum(string key, string? userId, IEnumerable<UsageRecord> records) => Line(
        key, userId, records.Count(), records.Sum(r => (long)r.InputTokens), records.Sum(r => (long)r.OutputTokens), records.Sum(r => r.CostMicroUsd), records.Count(r => r.CacheHit));

    private static string Line(string key, string? userId, long requests, long input, long output, long costMicroUsd, long cacheHits) =>
        FormattableString.Invariant($"{key} {userId} requests={requests} in={input} out={output} cost={costMicroUsd} hits={cacheHits}");

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
    }
}
