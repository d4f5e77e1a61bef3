namespace BujjiCoder.Benchmarks;

/// <summary>
/// Auth throughput: login (a password hash per request) and token validation (JWT, and a personal access
/// token, each with its database check) beside a bare health endpoint, in one run against a real Api.
/// </summary>
internal static class AuthBenchmark
{
    public static async Task RunAsync(TimeSpan duration, int concurrency)
    {
        await using var api = await ApiUnderTest.StartAsync();
        var session = await api.SignInAsync();

        var scenarios = new (string Name, Func<HttpClient, HttpRequestMessage> Request)[]
        {
            ("GET /health/live (bare)", _ => new HttpRequestMessage(HttpMethod.Get, "/health/live")),
            ("GET /api/v1/auth/me (JWT)", _ => api.Authorized(HttpMethod.Get, "/api/v1/auth/me", session.AccessToken)),
            ("GET /api/v1/auth/me (PAT)", _ => api.Authorized(HttpMethod.Get, "/api/v1/auth/me", session.PersonalAccessToken)),
            ("POST /api/v1/auth/login", _ => api.LoginRequest()),
        };

        Console.WriteLine($"{concurrency} concurrent clients, {duration.TotalSeconds:0} s each, {Environment.ProcessorCount} cores");
        await LoadRun.PrintAsync(api.Client, scenarios, concurrency, duration);
    }
}
