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

/// <summary>What a hit needs that retrieval and prompt building would otherwise give: the reply's key and the files its prompt held.</summary>
internal sealed record ReplyShortcut(string ReplyKey, IReadOnlyList<ContextFile> Context);

/// <summary>What decides a turn's prompt, short of the retrieved code: the workspace as of a revision, its rules, the history, the question.</summary>
internal sealed record PromptInputs(Guid WorkspaceId, Guid? HeadRevision, string? RulesHash, IReadOnlyList<HistoryMessage> History, string Question);

/// <summary>
/// Replies to deterministic requests, in HybridCache (memory + Redis). The key is a hash of everything the provider
/// sees — model, parameters, the full prompt with its retrieved code — under the workspace's id, so an answer
/// never leaves the workspace it was made for.
/// </summary>
/// <remarks>
/// A hit should not cost the retrieval and prompt building a miss needs, so each reply is also reachable by a
/// shortcut: a key over the prompt's inputs (<see cref="PromptInputs"/>) that names the reply's key. The inputs decide
/// the prompt because retrieval reads the workspace as of its head revision (every change to files or rules makes a new
/// one, see WorkspaceStore.ChangeAsync; by id, since a restored database numbers revisions again) and this build's code turns them into a prompt the same way every time; another build
/// may not, so the build's id is part of the key. A shortcut that finds no reply (expired) is a miss like any other.
/// </remarks>
internal sealed class ReplyCache(HybridCache cache, IFeatureManager features, IOptions<LlmOptions> options, LlmMetrics metrics)
{
    // Another build may retrieve or word a prompt differently: its shortcuts are its own.
    private static readonly Guid Build = typeof(ReplyCache).Assembly.ManifestModule.ModuleVersionId;

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

    /// <summary>The shortcut key of a turn's inputs, or null when its reply must not be cached.</summary>
    public async Task<string?> ShortcutKeyAsync(LlmModelOptions model, PromptInputs inputs)
    {
        if (!model.Cacheable || !await features.IsEnabledAsync(FeatureFlags.ResponseCache))
        {
            return null;
        }

        var request = JsonSerializer.Serialize(new
        {
            Build, model.Id, model.Upstream, model.Temperature, model.MaxOutputTokens, model.ContextWindow, inputs.HeadRevision, inputs.RulesHash,
            History = inputs.History.Select(m => new { Role = m.Role.Value, m.Text }), inputs.Question,
        });
        return $"bujji:reply-inputs:{inputs.WorkspaceId:N}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request)))}";
    }

    public ValueTask<ReplyShortcut?> GetShortcutAsync(string key, CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync(key, _ => ValueTask.FromResult<ReplyShortcut?>(null), LookupOnly, cancellationToken: cancellationToken);

    public Task SetShortcutAsync(string key, ReplyShortcut shortcut) => cache.SetAsync(key, shortcut, EntryOptions()).AsTask();

    public async Task<CachedReply?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var reply = await cache.GetOrCreateAsync(key, _ => ValueTask.FromResult<CachedReply?>(null), LookupOnly, cancellationToken: cancellationToken);
        metrics.RecordCacheLookup(hit: reply is not null);
        return reply;
    }

    public async Task SetAsync(string key, CachedReply reply) => await cache.SetAsync(key, reply, EntryOptions());

    private HybridCacheEntryOptions EntryOptions()
    {
        var ttl = options.Value.ResponseCacheTtl;
        return new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl < TimeSpan.FromMinutes(5) ? ttl : TimeSpan.FromMinutes(5) };
    }
}
