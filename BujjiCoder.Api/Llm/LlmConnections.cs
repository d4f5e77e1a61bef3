using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>How one call reaches its model; <see cref="UserEndpoint"/> when it goes to a base URL the user gave.</summary>
internal sealed record ResolvedConnection(ProviderConnection Connection, string ProviderName, bool UsesOwnKey, bool UserEndpoint);

/// <summary>
/// Picks the key for a user's call to a model: the user's own key for that provider when they stored one (and their
/// base URL, if any), else the server's. Null when neither exists.
/// </summary>
internal sealed class LlmConnections(BujjiDbContext db, ProviderKeyProtector protector, ServerKeys serverKeys, IOptions<LlmOptions> options)
{
    public async Task<ResolvedConnection?> ResolveAsync(string userId, LlmModelOptions model, CancellationToken cancellationToken)
    {
        var settings = options.Value.Providers[model.Provider];
        var own = await db.ProviderKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.UserId == userId && k.Provider == model.Provider.ToLowerInvariant(), cancellationToken);
        if (own is not null)
        {
            var endpoint = own.BaseUrl is null ? settings.Endpoint : new Uri(own.BaseUrl);
            return new ResolvedConnection(
                new ProviderConnection(settings.Kind, endpoint, protector.Unprotect(own.ProtectedKey), model.Upstream, settings.AzureApiVersion),
                model.Provider, UsesOwnKey: true, UserEndpoint: own.BaseUrl is not null);
        }

        var serverKey = await serverKeys.GetAsync(model.Provider);
        return serverKey is null
            ? null
            : new ResolvedConnection(new ProviderConnection(settings.Kind, settings.Endpoint, serverKey, model.Upstream, settings.AzureApiVersion), model.Provider, UsesOwnKey: false, UserEndpoint: false);
    }
}
