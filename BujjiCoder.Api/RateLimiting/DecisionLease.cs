using System.Diagnostics.CodeAnalysis;
using System.Threading.RateLimiting;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>A lease carrying the decision, so the rejection handler can tell which rule refused and when to retry.</summary>
internal sealed class DecisionLease(RateLimitDecision? decision, bool acquired) : RateLimitLease
{
    public static readonly MetadataName<RateLimitDecision> DecisionName = new("bujji.decision");

    public static readonly DecisionLease Unlimited = new(null, acquired: true);

    public static readonly DecisionLease NotCounted = new(null, acquired: false);

    public DecisionLease(RateLimitDecision decision)
        : this(decision, decision.Allowed)
    {
    }

    public override bool IsAcquired => acquired;

    public override IEnumerable<string> MetadataNames =>
        decision?.Refused is null ? [] : [DecisionName.Name, MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        if (decision?.Refused is not { } refused)
        {
            return false;
        }

        if (metadataName == DecisionName.Name)
        {
            metadata = decision;
        }
        else if (metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = refused.Reset;
        }

        return metadata is not null;
    }
}
