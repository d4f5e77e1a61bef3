using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Usage;

public sealed record UsageQuery(
    DateTime? From,
    DateTime? To,
    [property: RegularExpression("^(day|model)$", ErrorMessage = "groupBy is day or model.")] string? GroupBy);

internal sealed record UsageTotals(int Requests, long InputTokens, long OutputTokens, decimal CostUsd, int CacheHits);

/// <summary>One group: a day (yyyy-MM-dd) or a model id, and for admins the user.</summary>
internal sealed record UsageRow(string Key, string? UserId, int Requests, long InputTokens, long OutputTokens, decimal CostUsd, int CacheHits);

internal sealed record UsageReport(DateTime From, DateTime To, string GroupBy, UsageTotals Totals, IReadOnlyList<UsageRow> Rows);
