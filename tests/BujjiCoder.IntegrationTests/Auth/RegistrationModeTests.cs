using System.Diagnostics;
using System.Net;
using BujjiCoder.IntegrationTests.Hosting;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

public sealed class RegistrationModeTests(TestInfrastructure infrastructure)
{
    [Theory]
    [InlineData("Closed")]
    [InlineData("Invite")]
    public async Task Registration_is_403_unless_open(string mode)
    {
        await using var api = await TestHost.Postgres(infrastructure).WithRegistration(mode).BuildApiAsync();
        using var client = api.Factory.CreateClient();

        using var response = await RegisterAsync(client, UniqueName());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("https://bujjicoder.dev/problems/registration-closed", await ProblemTypeAsync(response));
    }

    /// <summary>
    /// Not a benchmark: a guard that an unknown name costs a password hash like a wrong password does,
    /// so response times do not tell which names exist. Medians of interleaved samples, loose bounds.
    /// </summary>
    [Fact]
    public async Task Login_for_an_unknown_user_takes_as_long_as_a_wrong_password()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().With("Auth:Lockout:MaxFailedAttempts", "100").BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();
        await LoginAsync(client, userName, "warm up the hasher please");

        var wrong = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            wrong.Add(await TimeAsync(() => LoginAsync(client, userName, "a wrong password entirely")));
            unknown.Add(await TimeAsync(() => LoginAsync(client, UniqueName(), "a wrong password entirely")));
        }

        var ratio = Median(unknown) / Median(wrong);
        Assert.InRange(ratio, 0.5, 2.0);
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> login)
    {
        var clock = Stopwatch.StartNew();
        using var response = await login();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
