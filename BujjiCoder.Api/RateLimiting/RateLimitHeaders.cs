using System.Globalization;
using System.Text;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>
/// The IETF draft headers (draft-ietf-httpapi-ratelimit-headers): <c>RateLimit-Policy: "user";q=600;w=60</c> lists each
/// quota that applied, <c>RateLimit: "user";r=599;t=42</c> what is left of it and in how many seconds it resets.
/// </summary>
internal static class RateLimitHeaders
{
    public static void Write(IHeaderDictionary headers, RateLimitDecision decision)
    {
        var policy = new StringBuilder();
        var state = new StringBuilder();
        foreach (var rule in decision.States)
        {
            Append(policy, $"\"{rule.Rule.Policy}\";q={rule.Rule.PermitLimit};w={Seconds(rule.Rule.Window)}");
            Append(state, $"\"{rule.Rule.Policy}\";r={rule.Remaining};t={Seconds(rule.Reset)}");
        }

        headers["RateLimit-Policy"] = policy.ToString();
        headers["RateLimit"] = state.ToString();
    }

    /// <summary>Whole seconds, rounded up: a client that waits this long is never early.</summary>
    public static long Seconds(TimeSpan time) => Math.Max(1, (long)Math.Ceiling(time.TotalSeconds));

    private static void Append(StringBuilder builder, FormattableString item)
    {
        if (builder.Length > 0)
        {
            builder.Append(", ");
        }

        builder.Append(item.ToString(CultureInfo.InvariantCulture));
    }
}
