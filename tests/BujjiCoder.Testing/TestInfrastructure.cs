using Xunit;

namespace BujjiCoder.Testing;

/// <summary>
/// One PostgreSQL and one Redis for the whole test run (an xunit assembly fixture), started side by side.
/// </summary>
public sealed class TestInfrastructure : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RedisServer? _redis;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("Not started.");

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        try
        {
            await Task.WhenAll(postgres, redis);
        }
        catch
        {
            // Stop whichever did start: a failed fixture must not leave a server running.
            _postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null;
            _redis = redis.IsCompletedSuccessfully ? redis.Result : null;
            await DisposeAsync();
            throw;
        }

        _postgres = postgres.Result;
        _redis = redis.Result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
