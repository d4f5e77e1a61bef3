using System.Net;
using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>One quota applied to one request: the policy's name (shown in headers), whose count it is, and the quota.</summary>
internal sealed record RateLimitRule(string Policy, string Partition, int PermitLimit, TimeSpan Window)
{
    /// <summary>The counter this rule increments; the same on every replica.</summary>
    public string Key => $"{Policy}:{Partition}";

    /// <summary>
    /// The rules a request counts against: its caller (client IP when anonymous, else the user by role tier and the
    /// personal access token if one was used), then the endpoint's group if it has one.
    /// </summary>
    public static List<RateLimitRule> For(HttpContext context, RateLimitOptions options)
    {
        var rules = new List<RateLimitRule>(3);
        var client = ClientPartition(context.Connection.RemoteIpAddress);
        var userId = context.User.FindFirstValue(TokenClaims.Subject);
        if (userId is null)
        {
            Add(rules, "anonymous", client, options.Anonymous);
        }
        else
        {
            Add(rules, "user", "user:" + userId, MostGenerous(context.User, options.Roles));
            if (context.User.FindFirstValue(PermissionHandler.TokenIdClaim) is { } tokenId)
            {
                Add(rules, "token", "pat:" + tokenId, options.PersonalAccessTokens);
            }
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimitGroupMetadata>() is { } group
            && options.Groups.TryGetValue(group.Name, out var groupQuota))
        {
            // Sign-in endpoints are counted per address whoever the caller claims to be; the rest per user.
            var partition = group.Name == RateLimitGroups.Auth || userId is null ? client : "user:" + userId;
            Add(rules, group.Name, partition, groupQuota);
        }

        return rules;
    }

    /// <summary>
    /// The client's address (already taken from X-Forwarded-For when the peer is a trusted proxy). IPv6 clients are
    /// counted per /64, the block one subscriber usually holds, so rotating addresses inside it gains nothing.
    /// </summary>
    public static string ClientPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "ip:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return $"ip:{new IPAddress(bytes)}/64";
        }

        return "ip:" + address;
    }

    private static RateLimitQuota? MostGenerous(ClaimsPrincipal user, Dictionary<string, RateLimitQuota> roles) =>
        user.FindAll(TokenClaims.Role)
            .Select(role => roles.GetValueOrDefault(role.Value))
            .OfType<RateLimitQuota>()
            .MaxBy(quota => quota.PermitLimit / quota.Window.TotalSeconds);

    private static void Add(List<RateLimitRule> rules, string policy, string partition, RateLimitQuota? quota)
    {
        if (quota is not null)
        {
            rules.Add(new RateLimitRule(policy, partition, quota.PermitLimit, quota.Window));
        }
    }
}
