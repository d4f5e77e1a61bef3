using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// Two Api replicas on one PostgreSQL database and one Redis of their own (so a test may stop it without touching the
/// run's), with a bootstrapped administrator. Both cache identities for <paramref name="cacheLifetime"/>.
/// </summary>
public class ReplicaPair(TestInfrastructure infrastructure, string cacheLifetime) : IAsyncLifetime
{
    private RedisServer? _redis;
    private ApiHost? _first;
    private ApiHost? _second;

    public RedisServer Redis => _redis ?? throw NotBuilt();

    /// <summary>Where changes are made.</summary>
    public ApiHost First => _first ?? throw NotBuilt();

    /// <summary>Where the changed account's credentials are used.</summary>
    public ApiHost Second => _second ?? throw NotBuilt();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _first = await Replica(HostPresets.BootstrappedAdmin(infrastructure)).BuildApiAsync();
        _second = await Replica(TestHost.Beside(_first).WithClientAddress()).BuildApiAsync();
        _ = _second.Factory.Services;
    }

    public async ValueTask DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private TestHost Replica(TestHost host) =>
        host.With("ConnectionStrings:cache", Redis.ConnectionString).With("Auth:IdentityCache:Lifetime", cacheLifetime);

    private static InvalidOperationException NotBuilt() => new("The replicas are not built yet.");
}

/// <summary>
/// Replicas that cache identities for a minute: longer than any of their tests waits, so only an invalidation message
/// can explain a refusal in time.
/// </summary>
public sealed class LongCacheReplicaPair(TestInfrastructure infrastructure) : ReplicaPair(infrastructure, "00:01:00");
