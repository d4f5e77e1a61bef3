using System.Net;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>A login flood is capped: beyond the concurrent password checks allowed, sign-ins get 429 at once.</summary>
public sealed class Api04PasswordHashingLimitTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_ins_beyond_the_hashing_cap_are_refused_with_retry_after_and_the_rest_succeed()
    {
        await using var host = await TestHost.Postgres(infrastructure).WithOpenRegistration()
            .With("RateLimiting:PasswordHashing:Concurrency", "1").With("RateLimiting:PasswordHashing:Queue", "0").BuildApiAsync();
        using var client = host.Factory.CreateClient();
        var userName = AuthClient.UniqueName();
        (await AuthClient.RegisterAsync(client, userName)).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => AuthClient.LoginAsync(client, userName)));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(responses.Except(refused), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(1), refused[0].Headers.RetryAfter!.Delta);
        Assert.EndsWith("/too-many-sign-ins", await AuthClient.ProblemTypeAsync(refused[0]), StringComparison.Ordinal);

        // A cap, not a lockout: the next sign-in on its own goes through.
        using var later = await AuthClient.LoginAsync(client, userName);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
