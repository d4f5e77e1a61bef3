using BujjiCoder.Benchmarks;

// Auth throughput: login (a password hash per request) and token validation (JWT, and a personal access
// token, each with its database check) beside a bare health endpoint, all in one run against a real Api
// process on PostgreSQL and Redis. Figures are machine-dependent; compare the ratios.
var duration = TimeSpan.FromSeconds(args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10);
var concurrency = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16;

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
Console.WriteLine($"{"scenario",-30} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"errors",7} {"vs health",10}");
double? baseline = null;
foreach (var (name, request) in scenarios)
{
    var result = await LoadRun.RunAsync(api.Client, request, concurrency, duration);
    baseline ??= result.RequestsPerSecond;
    Console.WriteLine($"{name,-30} {result.RequestsPerSecond,9:0} {result.P50,8:0.0} {result.P95,8:0.0} {result.Errors,7} {result.RequestsPerSecond / baseline,9:0.000}x");
}
