using StackExchange.Redis;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Tells every Api process that an account or a personal access token changed: this process at once, the others through
/// a Redis channel. A message can be missed (Redis down, a replica cut off), so the cache's lifetime stays the outer bound;
/// when this process's Redis connection drops or returns, it forgets all it cached, since messages of the gap are lost.
/// Without Redis (embedded mode) there is one process and the local invalidation is the whole story.
/// </summary>
internal sealed partial class IdentityCacheInvalidation(
    IdentityCacheGenerations generations, IServiceProvider services, ILogger<IdentityCacheInvalidation> logger) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("bujji:identity-cache");
    private const string UserPrefix = "user:";
    private const string TokensMessage = "tokens";

    private readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();

    /// <summary>Call after the change is saved: a process that reloads before the save would cache the old state again.</summary>
    public Task UserChangedAsync(string userId)
    {
        generations.UserChanged(userId);
        return PublishAsync(UserPrefix + userId);
    }

    /// <summary>Call after a personal access token was revoked or rotated (saved).</summary>
    public Task TokensChangedAsync()
    {
        generations.TokensChanged();
        return PublishAsync(TokensMessage);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            return;
        }

        _redis.ConnectionFailed += OnConnectionChanged;
        _redis.ConnectionRestored += OnConnectionChanged;
        try
        {
            // The multiplexer keeps the subscription and renews it after every reconnect.
            await _redis.GetSubscriber().SubscribeAsync(Channel, (_, message) => Apply(message));
        }
        catch (RedisException exception)
        {
            LogSubscribeFailed(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_redis is not null)
        {
            _redis.ConnectionFailed -= OnConnectionChanged;
            _redis.ConnectionRestored -= OnConnectionChanged;
        }

        return Task.CompletedTask;
    }

    private void Apply(RedisValue message)
    {
        var text = (string?)message;
        if (text == TokensMessage)
        {
            generations.TokensChanged();
        }
        else if (text is not null && text.StartsWith(UserPrefix, StringComparison.Ordinal))
        {
            generations.UserChanged(text[UserPrefix.Length..]);
        }
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e) => generations.ForgetAll();

    private async Task PublishAsync(string message)
    {
        if (_redis is null)
        {
            return;
        }

        if (!_redis.IsConnected)
        {
            // Waiting for a reconnect would hold the admin's request for seconds and change nothing about the bound.
            LogPublishFailed(logger, null);
            return;
        }

        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel, message);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The change itself is saved; other replicas see it when their entries expire.
            LogPublishFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to identity-cache invalidations; other replicas' changes reach this one when its cached entries expire (Auth:IdentityCache:Lifetime)")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell other replicas that an account or token changed; they see the change when their cached entries expire (Auth:IdentityCache:Lifetime)")]
    private static partial void LogPublishFailed(ILogger logger, Exception? exception);
}
