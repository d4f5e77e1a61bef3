using System.Collections.Concurrent;
using System.Globalization;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>
/// The Worker's usage roll-ups and the reports that read them, on PostgreSQL and SQLite: whatever the window, a report
/// answers exactly what summing the raw records answers, before and after runs, after a repeated run, a late record and
/// a cancelled run.
/// </summary>
public sealed class UsageRollupTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Reports_read_from_roll_ups_equal_the_sums_of_the_raw_records_over_random_windows(string provider)
    {
        await using var scene = await UsageRollupScene.StartAsync(infrastructure, provider);
        var random = new Random(13);
        await scene.InsertAsync(scene.RandomRecords(random, 3_000));
        await scene.AssertReportsMatchAsync(random, 5);

        await scene.RollUpAsync();

        // Hours that closed at least the grace (2 minutes) ago are rolled up, days before the hour cursor's midnight.
        Assert.Equal(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc), await scene.CursorAsync(UsageRollupPeriods.Hour));
        Assert.Equal(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc), await scene.CursorAsync(UsageRollupPeriods.Day));
        await scene.AssertReportsMatchAsync(random, 30);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Running_the_roll_up_again_changes_nothing(string provider)
    {
        await using var scene = await UsageRollupScene.StartAsync(infrastructure, provider);
        var random = new Random(17);
        await scene.InsertAsync(scene.RandomRecords(random, 1_000));
        await scene.RollUpAsync();
        var once = await scene.RollupStateAsync();

        await scene.RollUpAsync();

        Assert.Contains(once, row => row.StartsWith("day ", StringComparison.Ordinal));
        Assert.Equal(once, await scene.RollupStateAsync());
        await scene.AssertReportsMatchAsync(random, 10);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_late_record_in_a_rolled_up_hour_is_counted_after_the_next_run(string provider)
    {
        await using var scene = await UsageRollupScene.StartAsync(infrastructure, provider);
        var random = new Random(19);
        await scene.InsertAsync(scene.RandomRecords(random, 500));
        await scene.RollUpAsync();
        var lateHour = UsageRollupScene.Now.AddHours(-5);
        var window = $"from={lateHour.Date:yyyy-MM-dd}T00:00:00Z&to={lateHour.Date.AddDays(1):yyyy-MM-dd}T00:00:00Z&groupBy=model";
        var before = (await scene.Admin.GetJsonAsync($"/api/v1/admin/usage?{window}")).GetProperty("totals").GetProperty("requests").GetInt32();

        // Committed after its hour was rolled up (a transaction that ran long), still within Recompute (24 hours).
        await scene.InsertAsync([UsageRollupScene.Record(lateHour, scene.Users[0].UserId, "m-late", null, random)]);
        var unseen = (await scene.Admin.GetJsonAsync($"/api/v1/admin/usage?{window}")).GetProperty("totals").GetProperty("requests").GetInt32();
        scene.Clock.Advance(TimeSpan.FromMinutes(5));
        await scene.RollUpAsync();

        // Until the next run the report reads the hour's roll-up, which does not have it yet; then it is counted.
        Assert.Equal(before, unseen);
        var after = await scene.Admin.GetJsonAsync($"/api/v1/admin/usage?{window}");
        Assert.Equal(before + 1, after.GetProperty("totals").GetProperty("requests").GetInt32());
        Assert.Contains(after.GetProperty("rows").EnumerateArray(), r => r.GetProperty("key").GetString() == "m-late");
        await scene.AssertReportsMatchAsync(random, 10);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_run_cancelled_half_way_leaves_every_report_exact_and_the_next_run_finishes(string provider)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var log = new CancelInSecondBatch(cancel);
        await using var scene = await UsageRollupScene.StartAsync(infrastructure, provider,
            new Dictionary<string, string?> { ["Worker:UsageRollup:BatchDays"] = "1", ["Logging:LogLevel:BujjiCoder.Worker.Usage"] = "Trace" },
            services => services.AddLogging(logging => logging.AddProvider(log)));
        var random = new Random(23);
        await scene.InsertAsync(scene.RandomRecords(random, 1_000));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scene.Job.RunAsync(cancel.Token));

        // The first day of ten was committed with its cursor; the second was cancelled inside its transaction, after its
        // rows were written and before its cursor moved, and rolled back whole: no row lies at or past a cursor.
        Assert.Single(log.Committed);
        var hourCursor = await scene.CursorAsync(UsageRollupPeriods.Hour);
        var dayCursor = await scene.CursorAsync(UsageRollupPeriods.Day);
        Assert.NotNull(hourCursor);
        Assert.True(hourCursor < UsageRollupScene.Now.AddDays(-8), $"the cursor moved to {hourCursor:o}");
        Assert.DoesNotContain(await scene.RollupStateAsync(), row =>
            (row.StartsWith("hour ", StringComparison.Ordinal) && Started(row) >= hourCursor)
            || (row.StartsWith("day ", StringComparison.Ordinal) && Started(row) >= dayCursor));
        await scene.AssertReportsMatchAsync(random, 15);

        await scene.RollUpAsync();

        Assert.Equal(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc), await scene.CursorAsync(UsageRollupPeriods.Hour));
        await scene.AssertReportsMatchAsync(random, 15);
    }

    private static DateTime Started(string row) =>
        DateTime.Parse(row.Split(' ')[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>
    /// Cancels the run inside its second batch's transaction: the job logs when a batch's rows are written (before it moves
    /// the cursor and commits) and when a batch has committed.
    /// </summary>
    private sealed class CancelInSecondBatch(CancellationTokenSource cancel) : ILoggerProvider, ILogger
    {
        private int _written;

        public ConcurrentQueue<string> Committed { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (message.StartsWith("Usage rolled up", StringComparison.Ordinal))
            {
                Committed.Enqueue(message);
            }
            else if (message.StartsWith("Usage rows of", StringComparison.Ordinal) && Interlocked.Increment(ref _written) == 2)
            {
                cancel.Cancel();
            }
        }

        public void Dispose()
        {
        }
    }
}
