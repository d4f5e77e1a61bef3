using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>One limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/> (a fixed window).</summary>
internal sealed class RateLimitQuota
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Settings of the <c>RateLimiting</c> section. Every quota is counted in Redis when the Api has one, so all replicas
/// share the count; without Redis, or while it is unreachable, each replica counts on its own.
/// </summary>
internal sealed class RateLimitOptions
{
    public const string SectionName = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Prefix of the counters' Redis keys; replicas of one deployment must share it.</summary>
    [Required]
    public string KeyPrefix { get; set; } = "bujji:rl:";

    /// <summary>How long a request waits for Redis before it is counted on this replica instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>After Redis failed, how long requests are counted locally before Redis is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RedisRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests without a signed-in caller, per client IP.</summary>
    [Required]
    public RateLimitQuota Anonymous { get; set; } = new() { PermitLimit = 120 };

    /// <summary>Requests of a signed-in user, per user, by the most generous of their roles (keys are role names).</summary>
    public Dictionary<string, RateLimitQuota> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Requests made with one personal access token, per token (on top of its user's limit).</summary>
    [Required]
    public RateLimitQuota PersonalAccessTokens { get; set; } = new() { PermitLimit = 300 };

    /// <summary>
    /// Endpoint groups (<see cref="RateLimitGroups"/>): <c>auth</c> is counted per client IP, the others per user.
    /// A group without a quota here is not limited beyond the caller's own limit.
    /// </summary>
    public Dictionary<string, RateLimitQuota> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
