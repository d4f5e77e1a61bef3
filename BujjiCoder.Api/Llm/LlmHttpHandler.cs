namespace BujjiCoder.Api.Llm;

/// <summary>The HTTP handler provider calls should bottom out in (wrap it in the outbound-address rules).</summary>
internal static class LlmHttpHandler
{
    /// <remarks>
    /// By default an abandoned response is drained (up to 1 MB or 2 s) to keep the connection for reuse. For a
    /// stream the user cancelled, that keeps the provider generating, and billing, the rest of the answer: with no
    /// draining the connection closes at once, the provider sees the disconnect and stops.
    /// </remarks>
    public static SocketsHttpHandler Create() => new()
    {
        MaxResponseDrainSize = 0,
        ResponseDrainTimeout = TimeSpan.Zero,
        // Providers move behind DNS; pooled connections must not pin an old address forever.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };
}
