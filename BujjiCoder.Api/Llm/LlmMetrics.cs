using System.Diagnostics.Metrics;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// What operators ask about model calls, by provider and model (both from configuration, so the label sets stay small):
/// calls and their outcome, tokens, cost, latency, time to first token, upstream errors and each provider's breaker.
/// Replies served from the reply cache are not model calls here; they are counted as cache lookups.
/// </summary>
internal sealed class LlmMetrics
{
    public const string MeterName = "BujjiCoder.Api.Llm";

    // Model calls take from a fraction of a second (completion) to minutes (a long streamed answer).
    private static readonly double[] SecondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];

    private readonly Counter<long> _calls;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _firstToken;
    private readonly Counter<long> _upstreamErrors;
    private readonly Counter<long> _cacheLookups;

    public LlmMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>("bujji.llm.calls", "{call}", "Model calls by provider, model, kind (chat, composer, completion) and outcome.");
        _tokens = meter.CreateCounter<long>("bujji.llm.tokens", "{token}", "Tokens of model calls by provider, model and direction (input, output).");
        _cost = meter.CreateCounter<double>("bujji.llm.cost.usd", "{USD}", "What model calls cost in US dollars, by provider and model.");
        _duration = meter.CreateHistogram("bujji.llm.duration", "s", "How long model calls take, by provider, model and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _firstToken = meter.CreateHistogram("bujji.llm.time_to_first_token", "s", "Time from asking to the first token of a streamed reply.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _upstreamErrors = meter.CreateCounter<long>("bujji.llm.upstream.errors", "{error}",
            "Failed attempts to reach a provider (retries included), by provider and reason.");
        _cacheLookups = meter.CreateCounter<long>("bujji.llm.cache.lookups", "{lookup}", "Reply cache lookups by result (hit, miss).");
        meter.CreateObservableGauge("bujji.llm.breaker.state",
            () => ProviderCircuitBreaker.All().Select(breaker =>
                new Measurement<int>((int)breaker.Value.State(time), new KeyValuePair<string, object?>("provider", breaker.Key))),
            description: "Each provider's circuit breaker: 0 closed, 1 half-open, 2 open.");
    }

    public void RecordCall(string provider, string model, string kind, string outcome, int inputTokens, int outputTokens, long costMicroUsd,
        TimeSpan latency, TimeSpan? firstToken)
    {
        KeyValuePair<string, object?> providerTag = new("provider", provider), modelTag = new("model", model);
        _calls.Add(1, providerTag, modelTag, new("kind", kind), new("outcome", outcome));
        _tokens.Add(inputTokens, providerTag, modelTag, new("direction", "input"));
        _tokens.Add(outputTokens, providerTag, modelTag, new("direction", "output"));
        _cost.Add(costMicroUsd / 1_000_000d, providerTag, modelTag);
        _duration.Record(latency.TotalSeconds, providerTag, modelTag, new("outcome", outcome));
        if (firstToken is { } first)
        {
            _firstToken.Record(first.TotalSeconds, providerTag, modelTag);
        }
    }

    public void RecordCacheLookup(bool hit) => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void RecordUpstreamError(string provider, LlmProviderException error) =>
        _upstreamErrors.Add(1, new("provider", provider), new("reason", Reason(error)));

    private static string Reason(LlmProviderException error) => (error.UpstreamStatus, error.Status) switch
    {
        (_, 503) when error.UpstreamStatus is null => "breaker_open",
        (429, _) or (null, 429) => "rate_limited",
        (401 or 403, _) => "rejected_key",
        (408, _) or (null, 504) => "timeout",
        (>= 500, _) => "server_error",
        ({ }, _) => "bad_request",
        _ => "unreachable",
    };
}
