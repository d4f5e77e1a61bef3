using System.Diagnostics;
using System.Net;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Completion;

/// <summary>Completion on PostgreSQL: the fast path, its errors, and the model suggestion with its failure modes.</summary>
public sealed class CompletionTests(CompletionHost host) : IClassFixture<CompletionHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public Task Prefixes_rank_by_case_then_definition_then_buffer() =>
        CompletionScenarios.PrefixesRankByCaseThenDefinitionThenBufferAsync(host.Factory.CreateClient());

    [Fact]
    public Task Unsaved_content_is_used_instead_of_the_stored_file() =>
        CompletionScenarios.UnsavedContentIsUsedInsteadOfTheStoredFileAsync(host.Factory.CreateClient());

    [Fact]
    public async Task Without_llm_the_model_is_not_asked()
    {
        var (user, ws) = await CompletionScenarios.WorkspaceAsync(host.Factory.CreateClient());
        var calls = host.Llm.CallCount;

        var items = await CompletionScenarios.CompleteAsync(user, ws, new { path = "web/app.ts", line = 5, column = 16, llm = false });

        Assert.Equal("InvoiceService", items[0].Text);
        Assert.Equal(calls, host.Llm.CallCount);
    }

    [Fact]
    public async Task Someone_outside_the_workspace_gets_404_and_bad_requests_get_400()
    {
        var (user, ws) = await CompletionScenarios.WorkspaceAsync(host.Factory.CreateClient());
        var stranger = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var url = $"/api/v1/workspaces/{ws}/completion";

        using var outsider = await stranger.SendAsync(HttpMethod.Post, url, new { path = "web/app.ts", line = 1, column = 1 });
        using var pastLastLine = await user.SendAsync(HttpMethod.Post, url, new { path = "web/app.ts", line = 7, column = 1, llm = false });
        using var pastLineEnd = await user.SendAsync(HttpMethod.Post, url, new { path = "web/app.ts", line = 1, column = 29, llm = false });
        using var zeroColumn = await user.SendAsync(HttpMethod.Post, url, new { path = "web/app.ts", line = 1, column = 0, llm = false });
        using var badPath = await user.SendAsync(HttpMethod.Post, url, new { path = "../etc/passwd", line = 1, column = 1, llm = false });
        using var missing = await user.SendAsync(HttpMethod.Post, url, new { path = "web/none.ts", line = 1, column = 1, llm = false });
        using var lastColumn = await user.SendAsync(HttpMethod.Post, url, new { path = "web/app.ts", line = 1, column = 28, llm = false });

        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, pastLastLine.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, pastLineEnd.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, zeroColumn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lastColumn.StatusCode);
    }

    [Fact]
    public async Task The_model_suggestion_comes_first_and_is_counted_as_a_completion()
    {
        var (user, ws) = await CompletionScenarios.WorkspaceAsync(host.Factory.CreateClient());
        host.Llm.Enqueue(new FakeReply("oiceService.Print()", InputTokens: 400, OutputTokens: 6));

        var items = await CompletionScenarios.CompleteAsync(user, ws, new { path = "web/app.ts", line = 5, column = 16 });

        Assert.Equal(("oiceService.Print()", "llm"), (items[0].Text, items[0].Kind));
        Assert.Equal(["InvoiceService", "invoiceBanner", "invoice_total", "invoiceCount"], items.Skip(1).Select(i => i.Text));
        var call = host.Llm.Calls[^1];
        Assert.Equal("upstream-complete", call.Model);
        Assert.False(call.Stream);
        Assert.Contains(call.Messages, m => m.Role == "system" && m.Text.Contains("only the code", StringComparison.Ordinal));
        Assert.Contains("console.log(Inv<CURSOR>);", call.Messages[^1].Text, StringComparison.Ordinal);
        var usage = await UsageAsync(user.UserId);
        var record = Assert.Single(usage);
        Assert.Equal(("completion", CompletionHost.Model, "success", 400, 6), (record.Kind, record.Model, record.Outcome, record.InputTokens, record.OutputTokens));
        Assert.Equal(412, record.CostMicroUsd);
    }

    [Fact]
    public async Task A_failing_provider_still_returns_the_fast_path()
    {
        var (user, ws) = await CompletionScenarios.WorkspaceAsync(host.Factory.CreateClient());
        var calls = host.Llm.CallCount;
        for (var i = 0; i < 3; i++)
        {
            host.Llm.Enqueue(new FakeReply(Status: 500));
        }

        var clock = Stopwatch.StartNew();
        var items = await CompletionScenarios.CompleteAsync(user, ws, new { path = "web/app.ts", line = 5, column = 16 });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(3, host.Llm.CallCount - calls);
        Assert.Equal(["InvoiceService", "invoiceBanner", "invoice_total", "invoiceCount"], items.Select(i => i.Text));
        Assert.Equal("error", Assert.Single(await UsageAsync(user.UserId)).Outcome);
    }

    [Fact]
    public async Task A_slow_provider_is_abandoned_after_the_budget()
    {
        var (user, ws) = await CompletionScenarios.WorkspaceAsync(host.Factory.CreateClient());
        host.Llm.Enqueue(new FakeReply("too late", FirstTokenDelay: TimeSpan.FromSeconds(5)));

        var clock = Stopwatch.StartNew();
        var items = await CompletionScenarios.CompleteAsync(user, ws, new { path = "web/app.ts", line = 5, column = 16 });

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
        Assert.Equal(["InvoiceService", "invoiceBanner", "invoice_total", "invoiceCount"], items.Select(i => i.Text));
        Assert.Equal("cancelled", Assert.Single(await UsageAsync(user.UserId)).Outcome);
    }

    private async Task<List<Data.Entities.UsageRecord>> UsageAsync(string userId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        return await db.UsageRecords.AsNoTracking().Where(u => u.UserId == userId).ToListAsync(Cancellation);
    }
}
