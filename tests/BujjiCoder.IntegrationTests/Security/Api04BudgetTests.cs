using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Completion;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Testing.FakeLlm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API4 (unrestricted resource consumption), LLM budgets on PostgreSQL: a user over a daily or monthly token or
/// cost limit gets 429 <c>budget-exceeded</c> with the reset time before any model is called, on chat (plain and
/// streamed) and composer, and completion answers without its model suggestion. Role defaults, the most generous role,
/// admin overrides (and who may set them), what <c>/me/usage</c> reports, and the midnight reset.
/// </summary>
public sealed class Api04BudgetTests(BudgetHost host) : IClassFixture<BudgetHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private DateTime Now => host.Clock.GetUtcNow().UtcDateTime;

    private DateTime NextMidnight => Now.Date.AddDays(1);

    private DateTime NextMonth => new DateTime(Now.Year, Now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);

    [Fact]
    public async Task Over_the_daily_token_budget_chat_gets_429_with_the_reset_time_and_the_provider_is_never_called()
    {
        var (user, conversation) = await ConversationAsync();
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 6_000, output: 4_000);
        var calls = host.Llm.CallCount;

        using var plain = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "How are totals computed?" });
        using var streamed = await StreamAsync(user, conversation, "And now streamed?");

        await BudgetScenarios.AssertBudgetExceededAsync(host, plain, "dailyTokens", NextMidnight, allowed: 10_000, used: 10_000);
        await BudgetScenarios.AssertBudgetExceededAsync(host, streamed, "dailyTokens", NextMidnight, allowed: 10_000, used: 10_000);
        Assert.Equal(calls, host.Llm.CallCount);
        // Refused before anything was kept: no question saved, no usage recorded.
        var stored = await user.GetJsonAsync($"/api/v1/conversations/{conversation}");
        Assert.Empty(stored.GetProperty("messages").EnumerateArray());
        Assert.Equal(1, await UsageRecordCountAsync(user.UserId));
    }

    [Fact]
    public async Task Under_budget_chat_works_and_its_recorded_usage_uses_up_the_budget()
    {
        var (user, conversation) = await ConversationAsync();
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 9_000, output: 999);
        host.Llm.Enqueue(new FakeReply("Totals are summed.", InputTokens: 600, OutputTokens: 400));
        var calls = host.Llm.CallCount;

        var reply = await PostOkAsync(user, $"/api/v1/conversations/{conversation}/messages", new { content = "How are totals computed?" });
        using var next = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "And discounts?" });

        Assert.Equal("Totals are summed.", reply.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(calls + 1, host.Llm.CallCount);
        await BudgetScenarios.AssertBudgetExceededAsync(host, next, "dailyTokens", NextMidnight, allowed: 10_000, used: 10_999);
    }

    [Fact]
    public async Task Cache_hits_do_not_count_against_the_budget()
    {
        var (user, conversation) = await ConversationAsync();
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 5_000_000, output: 5_000_000, cacheHit: true);
        host.Llm.Enqueue(new FakeReply("Still answering.", InputTokens: 10, OutputTokens: 5));

        var reply = await PostOkAsync(user, $"/api/v1/conversations/{conversation}/messages", new { content = "Hello" });
        var daily = (await BudgetScenarios.BudgetAsync(user)).GetProperty("daily");

        Assert.Equal("Still answering.", reply.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(15, daily.GetProperty("usedTokens").GetInt64());
    }

    [Fact]
    public async Task The_role_default_applies_and_a_user_with_several_roles_gets_the_most_generous_limit_of_each()
    {
        var (user, userName) = await NewUserAsync();
        var admin = await AdminAsync();

        var asUser = await BudgetScenarios.BudgetAsync(user);
        using var patched = await admin.SendAsync(HttpMethod.Patch, $"/api/v1/admin/users/{user.UserId}", new { roles = new[] { "User", "Guest" } });
        var both = await SignInAsync(userName);
        var asBoth = await BudgetScenarios.BudgetAsync(both);
        var asAdmin = await BudgetScenarios.BudgetAsync(admin);

        Assert.Equal((10_000L, 0.5m), (asUser.GetProperty("daily").GetProperty("tokens").GetInt64(), asUser.GetProperty("daily").GetProperty("costUsd").GetDecimal()));
        Assert.Equal((50_000L, 2m), (asUser.GetProperty("monthly").GetProperty("tokens").GetInt64(), asUser.GetProperty("monthly").GetProperty("costUsd").GetDecimal()));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        // Guest allows more tokens a day and sets no cost or monthly limit (unlimited), so those win.
        Assert.Equal(20_000, asBoth.GetProperty("daily").GetProperty("tokens").GetInt64());
        Assert.Equal(JsonValueKind.Null, asBoth.GetProperty("daily").GetProperty("costUsd").ValueKind);
        Assert.Equal(JsonValueKind.Null, asBoth.GetProperty("monthly").GetProperty("tokens").ValueKind);
        Assert.Equal(JsonValueKind.Null, asBoth.GetProperty("monthly").GetProperty("remainingTokens").ValueKind);
        // Admin has no entry under Budgets:Roles: unlimited.
        foreach (var field in new[] { "tokens", "costUsd", "remainingTokens", "remainingCostUsd" })
        {
            Assert.Equal(JsonValueKind.Null, asAdmin.GetProperty("daily").GetProperty(field).ValueKind);
            Assert.Equal(JsonValueKind.Null, asAdmin.GetProperty("monthly").GetProperty(field).ValueKind);
        }

        // Enforced, not just reported: 15,000 tokens today is over User's 10,000 but within Guest's 20,000.
        var ws = await both.CreateWorkspaceAsync();
        var composerCalls = host.Llm.CallCount;
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 10_000, output: 5_000);
        host.Llm.Enqueue(new FakeReply("No change needed."));
        using var composed = await both.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "tidy up" });
        Assert.Equal(HttpStatusCode.OK, composed.StatusCode);
        Assert.Equal(composerCalls + 1, host.Llm.CallCount);
    }

    [Fact]
    public async Task An_admin_override_raises_and_lowers_a_users_budget_is_listed_and_audited()
    {
        var (user, conversation) = await ConversationAsync();
        var admin = await AdminAsync();
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 8_000, output: 2_000);
        var url = $"/api/v1/admin/users/{user.UserId}";
        var messages = $"/api/v1/conversations/{conversation}/messages";
        using var atRoleDefault = await user.SendAsync(HttpMethod.Post, messages, new { content = "one" });

        var raised = await PatchOkAsync(admin, url, new { budget = new { dailyTokens = 20_000, monthlyCostUsd = 3.25m } });
        host.Llm.Enqueue(new FakeReply("Answered.", InputTokens: 10, OutputTokens: 10));
        using var afterRaise = await user.SendAsync(HttpMethod.Post, messages, new { content = "two" });
        var lowered = await PatchOkAsync(admin, url, new { budget = new { dailyTokens = 5_000 } });
        using var afterLower = await user.SendAsync(HttpMethod.Post, messages, new { content = "three" });
        var listed = await admin.GetJsonAsync("/api/v1/admin/users?pageSize=200");
        var cleared = await PatchOkAsync(admin, url, new { budget = new { } });
        var afterClear = await BudgetScenarios.BudgetAsync(user);
        var audit = await admin.GetJsonAsync($"/api/v1/admin/audit?action=admin.user.budget&pageSize=200");

        await BudgetScenarios.AssertBudgetExceededAsync(host, atRoleDefault, "dailyTokens", NextMidnight, allowed: 10_000, used: 10_000);
        Assert.Equal((20_000L, 3.25m), (raised.GetProperty("budget").GetProperty("dailyTokens").GetInt64(), raised.GetProperty("budget").GetProperty("monthlyCostUsd").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, raised.GetProperty("budget").GetProperty("monthlyTokens").ValueKind);
        Assert.Equal(HttpStatusCode.OK, afterRaise.StatusCode);
        // The override is replaced as a whole: the monthly cost set before is gone.
        Assert.Equal(JsonValueKind.Null, lowered.GetProperty("budget").GetProperty("monthlyCostUsd").ValueKind);
        await BudgetScenarios.AssertBudgetExceededAsync(host, afterLower, "dailyTokens", NextMidnight, allowed: 5_000, used: 10_020);
        var row = listed.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("id").GetString() == user.UserId);
        Assert.Equal(5_000, row.GetProperty("budget").GetProperty("dailyTokens").GetInt64());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("budget").ValueKind);
        Assert.Equal(10_000, afterClear.GetProperty("daily").GetProperty("tokens").GetInt64());
        Assert.Equal(
            ["budget=role-default", "dailyTokens=20000;monthlyTokens=-;dailyCostUsd=-;monthlyCostUsd=3.25", "dailyTokens=5000;monthlyTokens=-;dailyCostUsd=-;monthlyCostUsd=-"],
            audit.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("target").GetString() == user.UserId)
                .Select(e => e.GetProperty("detail").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Users_cannot_set_their_own_budget_and_anonymous_callers_cannot_set_any()
    {
        var (user, _) = await NewUserAsync();
        using var anonymous = host.Factory.CreateClient();
        var body = new { budget = new { dailyTokens = 90_000_000_000, monthlyTokens = 90_000_000_000 } };

        using var own = await user.SendAsync(HttpMethod.Patch, $"/api/v1/admin/users/{user.UserId}", body);
        using var unsigned = await anonymous.PatchAsJsonAsync($"/api/v1/admin/users/{user.UserId}", body, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Null(await OverrideAsync(user.UserId));
        Assert.Equal(10_000, (await BudgetScenarios.BudgetAsync(user)).GetProperty("daily").GetProperty("tokens").GetInt64());
    }

    [Fact]
    public async Task A_budget_body_sets_only_its_four_limits_on_the_user_in_the_path()
    {
        var (target, _) = await NewUserAsync();
        var (other, _) = await NewUserAsync();
        var admin = await AdminAsync();

        var patched = await PatchOkAsync(admin, $"/api/v1/admin/users/{target.UserId}", new
        {
            budget = new
            {
                dailyTokens = 7_000, userId = other.UserId, dailyCostMicroUsd = 1, updatedBy = other.UserId, updatedAt = "2000-01-01T00:00:00Z",
            },
        });

        var stored = await OverrideAsync(target.UserId);
        Assert.NotNull(stored);
        Assert.Equal((7_000L, (long?)null, admin.UserId), (stored.DailyTokens, stored.DailyCostMicroUsd, stored.UpdatedBy));
        Assert.Equal(Now, stored.UpdatedAt);
        Assert.Equal(admin.UserId, patched.GetProperty("budget").GetProperty("updatedBy").GetString());
        Assert.Null(await OverrideAsync(other.UserId));
    }

    [Theory]
    [InlineData("""{ "dailyTokens": -1 }""", "budget.dailyTokens")]
    [InlineData("""{ "monthlyTokens": 100000000001 }""", "budget.monthlyTokens")]
    [InlineData("""{ "dailyCostUsd": -0.01 }""", "budget.dailyCostUsd")]
    [InlineData("""{ "monthlyCostUsd": 1000000.01 }""", "budget.monthlyCostUsd")]
    [InlineData("""{ "dailyCostUsd": 0.0000001 }""", "budget.dailyCostUsd")]
    [InlineData("""{ "dailyTokens": 2000, "monthlyTokens": 1000 }""", "budget.dailyTokens")]
    [InlineData("""{ "dailyCostUsd": 5, "monthlyCostUsd": 1 }""", "budget.dailyCostUsd")]
    public async Task Invalid_budgets_are_refused_with_a_validation_problem_and_change_nothing(string budget, string field)
    {
        var (user, _) = await NewUserAsync();
        var admin = await AdminAsync();
        using var request = admin.Request(HttpMethod.Patch, $"/api/v1/admin/users/{user.UserId}");
        request.Content = new StringContent($$"""{ "roles": ["Guest"], "budget": {{budget}} }""", System.Text.Encoding.UTF8, "application/json");

        using var response = await admin.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Null(await OverrideAsync(user.UserId));
        var me = await user.GetJsonAsync("/api/v1/auth/me");
        Assert.Equal(["User"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Me_usage_reports_what_is_used_and_left_today_and_this_month_with_the_resets()
    {
        var (user, _) = await NewUserAsync();
        var monthStart = new DateTime(Now.Year, Now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 2_000, output: 1_000, costMicroUsd: 100_000);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 0, output: 0, costMicroUsd: 0);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, monthStart, input: 15_000, output: 5_000, costMicroUsd: 500_000);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, monthStart.AddTicks(-1), input: 900_000, output: 0, costMicroUsd: 9_000_000);
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 700_000, output: 0, costMicroUsd: 0, cacheHit: true);

        var report = await user.GetJsonAsync("/api/v1/me/usage?groupBy=model");
        var (daily, monthly) = (report.GetProperty("budget").GetProperty("daily"), report.GetProperty("budget").GetProperty("monthly"));

        Assert.Equal((10_000L, 3_000L, 7_000L), (daily.GetProperty("tokens").GetInt64(), daily.GetProperty("usedTokens").GetInt64(), daily.GetProperty("remainingTokens").GetInt64()));
        Assert.Equal((0.5m, 0.1m, 0.4m), (daily.GetProperty("costUsd").GetDecimal(), daily.GetProperty("usedCostUsd").GetDecimal(), daily.GetProperty("remainingCostUsd").GetDecimal()));
        Assert.Equal(NextMidnight, daily.GetProperty("resetsAt").GetDateTime().ToUniversalTime());
        Assert.Equal((50_000L, 23_000L, 27_000L), (monthly.GetProperty("tokens").GetInt64(), monthly.GetProperty("usedTokens").GetInt64(), monthly.GetProperty("remainingTokens").GetInt64()));
        Assert.Equal((2m, 0.6m, 1.4m), (monthly.GetProperty("costUsd").GetDecimal(), monthly.GetProperty("usedCostUsd").GetDecimal(), monthly.GetProperty("remainingCostUsd").GetDecimal()));
        Assert.Equal(NextMonth, monthly.GetProperty("resetsAt").GetDateTime().ToUniversalTime());
        Assert.EndsWith("Z", monthly.GetProperty("resetsAt").GetString(), StringComparison.Ordinal);
        // The report itself keeps its shape: the window's totals still count everything, cache hits included.
        Assert.Equal(5, report.GetProperty("totals").GetProperty("requests").GetInt32());
        Assert.Equal(1, report.GetProperty("totals").GetProperty("cacheHits").GetInt32());
    }

    [Fact]
    public async Task The_monthly_token_limit_refuses_until_the_first_of_next_month()
    {
        var (user, conversation) = await ConversationAsync();
        await BudgetScenarios.AddUsageAsync(host, user.UserId, new DateTime(Now.Year, Now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(2), input: 40_000, output: 10_000);
        var calls = host.Llm.CallCount;

        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "Anything?" });

        await BudgetScenarios.AssertBudgetExceededAsync(host, response, "monthlyTokens", NextMonth, allowed: 50_000, used: 50_000);
        Assert.Equal(0, (await BudgetScenarios.BudgetAsync(user)).GetProperty("daily").GetProperty("usedTokens").GetInt64());
        Assert.Equal(calls, host.Llm.CallCount);
    }

    [Fact]
    public async Task The_cost_limit_refuses_however_few_tokens_were_used()
    {
        var (user, conversation) = await ConversationAsync();
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 100, output: 100, costMicroUsd: 500_000);
        var calls = host.Llm.CallCount;

        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages", new { content = "Anything?" });

        var problem = await BudgetScenarios.AssertBudgetExceededAsync(host, response, "dailyCostUsd", NextMidnight);
        Assert.Equal((0.5m, 0.5m), (problem.GetProperty("allowed").GetDecimal(), problem.GetProperty("used").GetDecimal()));
        Assert.Equal(calls, host.Llm.CallCount);
    }

    [Fact]
    public async Task The_composer_respects_the_budget()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/calc.py", "def add(a, b):\n    return a - b\n"));
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 10_000, output: 0);
        var calls = host.Llm.CallCount;

        using var response = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/composer", new { instruction = "add must add", paths = new[] { "src/calc.py" } });

        await BudgetScenarios.AssertBudgetExceededAsync(host, response, "dailyTokens", NextMidnight, allowed: 10_000, used: 10_000);
        Assert.Equal(calls, host.Llm.CallCount);
    }

    [Fact]
    public async Task Completion_still_answers_over_budget_but_without_asking_the_model()
    {
        var (user, ws) = await CompletionScenarios.WorkspaceAsync(host.Factory.CreateClient());
        var cursor = new { path = "web/app.ts", line = 5, column = 16 };
        host.Llm.Enqueue(new FakeReply("oiceService.Print()", InputTokens: 9_990, OutputTokens: 10));
        var calls = host.Llm.CallCount;

        var underBudget = await CompletionScenarios.CompleteAsync(user, ws, cursor);
        var overBudget = await CompletionScenarios.CompleteAsync(user, ws, cursor);

        Assert.Equal("llm", underBudget[0].Kind);
        Assert.Equal(calls + 1, host.Llm.CallCount);
        Assert.Equal(["InvoiceService", "invoiceBanner", "invoice_total", "invoiceCount"], overBudget.Select(i => i.Text));
        Assert.DoesNotContain(overBudget, i => i.Kind == "llm");
    }

    [Fact]
    public async Task The_daily_budget_is_back_at_midnight_utc()
    {
        var (user, conversation) = await ConversationAsync();
        await BudgetScenarios.AddUsageAsync(host, user.UserId, Now.Date, input: 10_000, output: 0);
        var messages = $"/api/v1/conversations/{conversation}/messages";
        using var before = await user.SendAsync(HttpMethod.Post, messages, new { content = "Before midnight" });
        var resetsAt = (await before.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("resetsAt").GetDateTime().ToUniversalTime();

        host.Clock.Advance(resetsAt - Now - TimeSpan.FromSeconds(1));
        using var aSecondEarly = await user.SendAsync(HttpMethod.Post, messages, new { content = "Almost" });
        await BudgetScenarios.AssertBudgetExceededAsync(host, aSecondEarly, "dailyTokens", resetsAt, allowed: 10_000, used: 10_000);
        Assert.Equal(TimeSpan.FromSeconds(1), aSecondEarly.Headers.RetryAfter?.Delta);

        // Two seconds on, so that "earlier today" exists for the tests after this one.
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        host.Llm.Enqueue(new FakeReply("A new day.", InputTokens: 30, OutputTokens: 4));
        using var after = await user.SendAsync(HttpMethod.Post, messages, new { content = "After midnight" });

        Assert.Equal(HttpStatusCode.TooManyRequests, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var budget = await BudgetScenarios.BudgetAsync(user);
        Assert.Equal((34L, 10_034L), (budget.GetProperty("daily").GetProperty("usedTokens").GetInt64(), budget.GetProperty("monthly").GetProperty("usedTokens").GetInt64()));
    }

    private async Task<(WorkspaceClient User, string Conversation)> ConversationAsync()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("src/Invoice.cs", "public sealed class Invoice { public decimal Total; }\n"));
        var created = await PostOkAsync(user, $"/api/v1/workspaces/{ws}/conversations", new { title = "Budget" }, HttpStatusCode.Created);
        return (user, created.GetProperty("id").GetString()!);
    }

    private async Task<(WorkspaceClient User, string UserName)> NewUserAsync()
    {
        var http = host.Factory.CreateClient();
        var (userName, _) = await AuthClient.NewSessionAsync(http);
        return (await SignInAsync(userName, http), userName);
    }

    private async Task<WorkspaceClient> SignInAsync(string userNameOrEmail, HttpClient? http = null, string password = AuthClient.Password)
    {
        http ??= host.Factory.CreateClient();
        var tokens = await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(http, userNameOrEmail, password));
        var me = await new WorkspaceClient(http, tokens.AccessToken, string.Empty).GetJsonAsync("/api/v1/auth/me");
        return new WorkspaceClient(http, tokens.AccessToken, me.GetProperty("id").GetString()!);
    }

    private Task<WorkspaceClient> AdminAsync() => SignInAsync(TestHost.AdminEmail, password: TestHost.AdminPassword);

    private static Task<HttpResponseMessage> StreamAsync(WorkspaceClient user, string conversation, string content)
    {
        var request = user.Request(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages");
        request.Content = JsonContent.Create(new { content });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return user.Http.SendAsync(request, Cancellation);
    }

    private static async Task<JsonElement> PostOkAsync(WorkspaceClient user, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await user.SendAsync(HttpMethod.Post, path, body);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static async Task<JsonElement> PatchOkAsync(WorkspaceClient admin, string path, object body)
    {
        using var response = await admin.SendAsync(HttpMethod.Patch, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private async Task<int> UsageRecordCountAsync(string userId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().UsageRecords.CountAsync(u => u.UserId == userId, Cancellation);
    }

    private async Task<UserBudget?> OverrideAsync(string userId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().UserBudgets.AsNoTracking().SingleOrDefaultAsync(b => b.UserId == userId, Cancellation);
    }
}
