using StackExchange.Redis;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>
/// Fixed-window counters in Redis shared by every replica. One script call per request checks all of the request's
/// rules and, only if none is exhausted, counts it against all of them: atomic, one round trip, and a refused
/// request uses up nothing.
/// </summary>
internal sealed class RedisRateLimitCounter(IConnectionMultiplexer redis)
{
    // KEYS: one counter per rule. ARGV: limit and window (ms) per rule. Returns the refusing rule's index (0 = none)
    // followed by each rule's count and milliseconds left in its window.
    private const string Script = """
        local denied = 0
        local counts = {}
        local ttls = {}
        for i = 1, #KEYS do
          local ttl = redis.call('PTTL', KEYS[i])
          if ttl == -1 then redis.call('DEL', KEYS[i]) end
          if ttl < 0 then
            counts[i] = 0
            ttls[i] = tonumber(ARGV[2 * i])
          else
            counts[i] = tonumber(redis.call('GET', KEYS[i]))
            ttls[i] = ttl
          end
          if denied == 0 and counts[i] >= tonumber(ARGV[2 * i - 1]) then denied = i end
        end
        if denied == 0 then
          for i = 1, #KEYS do
            counts[i] = redis.call('INCR', KEYS[i])
            if counts[i] == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[2 * i]) end
          end
        end
        local result = { denied }
        for i = 1, #KEYS do
          result[2 * i] = counts[i]
          result[2 * i + 1] = ttls[i]
        end
        return result
        """;

    public bool IsConnected => redis.IsConnected;

    public async Task<RateLimitDecision> CountAsync(IReadOnlyList<RateLimitRule> rules, string keyPrefix, TimeSpan timeout)
    {
        var keys = new RedisKey[rules.Count];
        var arguments = new RedisValue[rules.Count * 2];
        for (var i = 0; i < rules.Count; i++)
        {
            keys[i] = keyPrefix + rules[i].Key;
            arguments[2 * i] = rules[i].PermitLimit;
            arguments[(2 * i) + 1] = (long)rules[i].Window.TotalMilliseconds;
        }

        var result = (RedisValue[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, keys, arguments).WaitAsync(timeout))!;
        var denied = (int)result[0];
        var states = new RuleState[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var count = (int)result[(2 * i) + 1];
            states[i] = new RuleState(rules[i], Math.Max(0, rules[i].PermitLimit - count), TimeSpan.FromMilliseconds((long)result[(2 * i) + 2]));
        }

        return new RateLimitDecision(states, denied == 0 ? null : states[denied - 1], CountedLocally: false);
    }
}
