using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Budgets;

namespace BujjiCoder.Api.Usage;

public sealed record UsageQuery(
    DateTime? From,
    DateTime? To,
    [property: RegularExpression("^(day|model)$", ErrorMessage = "groupBy is day or model.")] string? GroupBy);

internal sealed record UsageTotals(int Requests, long InputTokens, long OutputTokens, decimal CostUsd, int CacheHits);

/// <summary>One group: a day (yyyy-MM-dd) or a model id, and for admins the user (by id and, for people reading it, by name).</summary>
internal sealed record UsageRow(string Key, string? UserId, int Requests, long InputTokens, long OutputTokens, decimal CostUsd, int CacheHits, string? UserName = null);

/// <summary>A window's usage; <c>budget</c> is the caller's budget now (in <c>/me/usage</c>; null in the admin report).</summary>
internal sealed record UsageReport(DateTime From, DateTime To, string GroupBy, UsageTotals Totals, IReadOnlyList<UsageRow> Rows, BudgetReport? Budget);
