namespace BujjiCoder.Api.Http;

internal static class ServiceScopes
{
    /// <summary>
    /// Runs <paramref name="lookup"/> on a service of a scope of its own: look-ups that run at once (a chat turn's budget,
    /// key, history, …) must not share one request's DbContext, which allows one operation at a time.
    /// </summary>
    public static async Task<TResult> InScopeAsync<TService, TResult>(this IServiceScopeFactory scopes, Func<TService, Task<TResult>> lookup)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await lookup(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
