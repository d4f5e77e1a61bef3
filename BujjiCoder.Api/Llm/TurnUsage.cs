using BujjiCoder.Data.Entities;
using BujjiCoder.Workspaces.Prompts;
using Microsoft.Extensions.AI;

namespace BujjiCoder.Api.Llm;

/// <summary>What one model call (or a reply served from the cache) counted and cost, as callers are shown it.</summary>
internal sealed record TurnUsage(int InputTokens, int OutputTokens, decimal CostUsd, bool Cached)
{
    /// <summary>A stored reply's usage, as it was recorded.</summary>
    public static TurnUsage From(UsageRecord record) =>
        new(record.InputTokens, record.OutputTokens, record.CostMicroUsd / 1_000_000m, record.CacheHit);

    /// <summary>A fresh call's usage: the provider's counts when it sent them, our own count otherwise, priced from the catalogue.</summary>
    public static TurnUsage Measure(LlmModelOptions model, UsageDetails? reported, int promptTokens, string reply, TokenCounter tokens)
    {
        var input = (int)(reported?.InputTokenCount ?? promptTokens);
        var output = (int)(reported?.OutputTokenCount ?? tokens.Count(reply));
        return new TurnUsage(input, output, model.CostMicroUsd(input, output) / 1_000_000m, Cached: false);
    }
}
