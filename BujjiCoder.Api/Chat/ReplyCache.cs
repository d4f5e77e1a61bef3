using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BujjiCoder.Api.Http;
using BujjiCoder.Api.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Microsoft.FeatureManagement;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Chat;

/// <summary>A reply as it was generated, with the token counts it cost the first time.</summary>
internal sealed record CachedReply(string Text, int InputTokens, int OutputTokens);

/// <summary>
/// Replies to deterministic requests, in HybridCache (memory + Redis). The key is a hash of everything the provider
/// sees — model, parameters, the full prompt with its retrieved code — under the workspace's id, so an answer
/// never leaves the workspace it was made for.
/// </summary>
internal sealed class ReplyCache(HybridCache cache, IFeatureManager features, IOptions<LlmOptions> options, LlmMetrics metrics)
{
    private static readonly HybridCacheEntryOptions LookupOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    /// <summary>The key of a request, or null when it must not be cached (feature off, or a model sampled at temperature above 0).</summary>
    public async Task<string?> KeyAsync(Guid workspaceId, LlmModelOptions model, IReadOnlyList<ChatMessage> messages)
    {
        if (!model.Cacheable || !await features.IsEnabledAsync(FeatureFlags.ResponseCache))
        {
            return null;
        }

        var request = JsonSerializer.Serialize(new
        {
            model.Id, model.Upstream, model.Temperature, model.MaxOutputTokens,
            Messages = messages.Select(m => new { Role = m.Role.Value, m.Text }),
        });
        return $"bujji:reply:{workspaceId:N}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request)))}";
    }

    public async Task<CachedReply?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var reply = await cache.GetOrCreateAsync(key, _ => ValueTask.FromResult<CachedReply?>(null), LookupOnly, cancellationToken: cancellationToken);
        metrics.RecordCacheLookup(hit: reply is not null);
        return reply;
    }

    public async Task SetAsync(string key, CachedReply reply)
    {
        var ttl = options.Value.ResponseCacheTtl;
        await cache.SetAsync(key, reply, new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl < TimeSpan.FromMinutes(5) ? ttl : TimeSpan.FromMinutes(5) });
    }
}
