using System.Globalization;
using System.Text.Json;
using BujjiCoder.Api.Http;

namespace BujjiCoder.Api.Budgets;

/// <summary>
/// 429 <c>budget-exceeded</c>: which limit is used up (<c>limit</c>: dailyTokens, monthlyTokens, dailyCostUsd or
/// monthlyCostUsd), what it allows and what was used (tokens, or USD), when it resets (<c>resetsAt</c>, ISO 8601 UTC)
/// and the same as <c>Retry-After</c> in seconds. Distinct from a rate limit, which clears in seconds.
/// </summary>
internal static class BudgetProblems
{
    public const string Slug = "budget-exceeded";

    public static IResult Exceeded(BudgetExceeded exceeded) => new ExceededResult(exceeded);

    private sealed class ExceededResult(BudgetExceeded exceeded) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status429TooManyRequests;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(exceeded.RetryAfter.TotalSeconds));
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var period = exceeded.IsMonthly ? "monthly" : "daily";
            var resetsAt = exceeded.ResetsAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var (allowed, used, detail) = exceeded.IsCost
                ? ((object)BudgetLimits.ToUsd(exceeded.Allowed)!, (object)BudgetLimits.ToUsd(exceeded.Used)!,
                    string.Create(CultureInfo.InvariantCulture, $"Your {period} LLM cost budget of {BudgetLimits.ToUsd(exceeded.Allowed)} USD is used up ({BudgetLimits.ToUsd(exceeded.Used)} USD). It resets at {resetsAt}."))
                : (exceeded.Allowed, exceeded.Used,
                    string.Create(CultureInfo.InvariantCulture, $"Your {period} LLM token budget of {exceeded.Allowed:N0} tokens is used up ({exceeded.Used:N0} tokens). It resets at {resetsAt}."));
            var problem = Problems.Create(StatusCodes.Status429TooManyRequests, Slug, "Budget exceeded", detail);
            problem.ProblemDetails.Extensions["limit"] = JsonNamingPolicy.CamelCase.ConvertName(exceeded.Limit.ToString());
            problem.ProblemDetails.Extensions["allowed"] = allowed;
            problem.ProblemDetails.Extensions["used"] = used;
            problem.ProblemDetails.Extensions["resetsAt"] = exceeded.ResetsAt;
            return problem.ExecuteAsync(httpContext);
        }
    }
}
