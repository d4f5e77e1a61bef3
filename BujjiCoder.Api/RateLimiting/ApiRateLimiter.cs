using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>
/// The Api's global limiter: counts each request against its rules (<see cref="RateLimitRule.For"/>) in Redis, so all
/// replicas share the count, and writes the RateLimit headers. While Redis is unreachable it counts on this replica
/// (logged once, counted in <c>bujji.rate_limit.fallback</c>) and goes back to Redis by itself once it answers.
/// </summary>
internal sealed partial class ApiRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly LocalRateLimitCounter _local;
    private readonly RedisRateLimitCounter? _redis;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiRateLimiter> _logger;
    private readonly RateLimitMetrics _metrics;
    private long _redisRetryAt;
    private int _degraded;

    public ApiRateLimiter(
        IOptionsMonitor<RateLimitOptions> options, LocalRateLimitCounter local, IServiceProvider services, IMeterFactory meterFactory,
        TimeProvider time, ILogger<ApiRateLimiter> logger)
    {
        _options = options;
        _local = local;
        _redis = services.GetService<StackExchange.Redis.IConnectionMultiplexer>() is { } redis ? new RedisRateLimitCounter(redis) : null;
        _time = time;
        _logger = logger;
        _metrics = new RateLimitMetrics(meterFactory, () => Volatile.Read(ref _degraded));
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    // The middleware tries the synchronous path first and awaits AcquireAsync when it is refused: counting needs
    // Redis, so it only ever happens there.
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => DecisionLease.NotCounted;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext context, int permitCount, CancellationToken cancellationToken)
    {
        var settings = _options.CurrentValue;
        // Probes are never limited: an orchestrator that got 429 from /health would restart a healthy replica.
        if (!settings.Enabled || context.Request.Path.StartsWithSegments("/health"))
        {
            return DecisionLease.Unlimited;
        }

        var rules = RateLimitRule.For(context, settings);
        if (rules.Count == 0)
        {
            return DecisionLease.Unlimited;
        }

        var (decision, fallback) = await CountAsync(rules, settings);
        _metrics.Record(decision, fallback);
        RateLimitHeaders.Write(context.Response.Headers, decision);
        return new DecisionLease(decision);
    }

    private async Task<(RateLimitDecision Decision, bool Fallback)> CountAsync(List<RateLimitRule> rules, RateLimitOptions settings)
    {
        if (_redis is null)
        {
            return (_local.Count(rules), false);
        }

        if (_redis.IsConnected && _time.GetTimestamp() >= Volatile.Read(ref _redisRetryAt))
        {
            try
            {
                var decision = await _redis.CountAsync(rules, settings.KeyPrefix, settings.RedisTimeout);
                if (Interlocked.Exchange(ref _degraded, 0) == 1)
                {
                    LogRedisBack(_logger);
                }

                return (decision, false);
            }
            catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
            {
                Volatile.Write(ref _redisRetryAt, _time.GetTimestamp() + (long)(settings.RedisRetryInterval.TotalSeconds * _time.TimestampFrequency));
                if (Interlocked.Exchange(ref _degraded, 1) == 0)
                {
                    LogRedisLost(_logger, exception);
                }
            }
        }
        else if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogRedisLost(_logger, null);
        }

        return (_local.Count(rules), true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable: rate limits are counted per replica until it answers again")]
    private static partial void LogRedisLost(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: rate limits are shared by all replicas again")]
    private static partial void LogRedisBack(ILogger logger);
}
