using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>Registration, login, lockout, logout and password change against PostgreSQL, with registration open.</summary>
public sealed class AccountTests(BootstrappedAdminHost host) : IClassFixture<BootstrappedAdminHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_creates_a_user_and_ignores_roles_in_the_body()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();

        using var response = await RegisterAsync(client, userName, extra: new
        {
            userName, email = $"{userName}@example.test", password = Password, roles = new[] { Roles.Admin }, disabled = false, id = "attacker-chosen",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(userName, user.GetProperty("userName").GetString());
        Assert.NotEqual("attacker-chosen", user.GetProperty("id").GetString());
        Assert.Equal([Roles.User], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var me = await (await MeAsync(client, (await TokensFromAsync(await LoginAsync(client, userName))).AccessToken))
            .Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal([Roles.User], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("admin.users", me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("chat.use", me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_taken_name_or_email_is_409()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();

        using var sameName = await RegisterAsync(client, userName, extra: new { userName, email = $"other-{userName}@example.test", password = Password });
        using var sameEmail = await RegisterAsync(client, "x" + userName, extra: new { userName = "x" + userName, email = $"{userName}@example.test", password = Password });

        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameEmail.StatusCode);
    }

    [Theory]
    [InlineData("short-pass1")]                 // 11 characters
    [InlineData("qwerty123456")]                // on the common-password list
    [InlineData("1qaz2wsx3edc")]                // on the common-password list
    public async Task Weak_passwords_are_refused_with_the_reason(string password)
    {
        using var client = host.Factory.CreateClient();

        using var response = await RegisterAsync(client, UniqueName(), password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("password").EnumerateArray());
    }

    [Fact]
    public async Task Long_passphrases_without_composition_rules_are_accepted_up_to_128_characters()
    {
        using var client = host.Factory.CreateClient();

        using var plain = await RegisterAsync(client, UniqueName(), "all lower case words here");
        using var longest = await RegisterAsync(client, UniqueName(), new string('w', 60) + new string('z', 68));
        using var tooLong = await RegisterAsync(client, UniqueName(), new string('w', 60) + new string('z', 69));

        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Theory]
    [InlineData("a b", "ok@example.test", "userName")]
    [InlineData("../etc", "ok@example.test", "userName")]
    [InlineData("ab", "ok@example.test", "userName")]
    [InlineData("validname", "not-an-email", "email")]
    public async Task Invalid_names_and_emails_are_400_with_field_errors(string userName, string email, string field)
    {
        using var client = host.Factory.CreateClient();

        using var response = await RegisterAsync(client, userName, extra: new { userName, email, password = Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.NotEmpty(errors.GetProperty(field).EnumerateArray());
    }

    [Fact]
    public async Task Login_works_by_name_or_email_and_wrong_or_unknown_look_the_same()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();

        using var byName = await LoginAsync(client, userName);
        using var byEmail = await LoginAsync(client, $"{userName}@example.test");
        using var wrong = await LoginAsync(client, userName, "not the right password");
        using var unknown = await LoginAsync(client, UniqueName(), "not the right password");

        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        Assert.Equal("no-store", byName.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var wrongBody = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync(Cancellation)).RootElement;
        var unknownBody = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.Equal(wrongBody.GetProperty("type").GetString(), unknownBody.GetProperty("type").GetString());
        Assert.Equal(wrongBody.GetProperty("detail").GetString(), unknownBody.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, userName, "wrong password number x")).StatusCode);
        }

        using var fifth = await LoginAsync(client, userName, "wrong password number x");
        using var right = await LoginAsync(client, userName);

        Assert.Equal((HttpStatusCode)423, fifth.StatusCode);
        Assert.InRange(fifth.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal((HttpStatusCode)423, right.StatusCode);
        Assert.InRange(right.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task A_parallel_brute_force_locks_the_account_too()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => LoginAsync(client, userName, $"guess number {i} is wrong")));
        using var right = await LoginAsync(client, userName);

        Assert.All(attempts, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Unauthorized, (HttpStatusCode)423 }));
        Assert.Equal((HttpStatusCode)423, right.StatusCode);
    }

    [Fact]
    public async Task One_account_signing_in_on_many_devices_at_once_always_succeeds()
    {
        using var client = host.Factory.CreateClient();
        var userName = UniqueName();
        (await RegisterAsync(client, userName)).EnsureSuccessStatusCode();

        var logins = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => LoginAsync(client, userName)));

        Assert.All(logins, login => Assert.Equal(HttpStatusCode.OK, login.StatusCode));
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_its_tokens_stop_at_once()
    {
        using var client = host.Factory.CreateClient();
        var (userName, tokens) = await NewSessionAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, tokens.AccessToken)).StatusCode);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BujjiUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            user.Disabled = true;
            await users.UpdateAsync(user);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, userName)).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_every_session()
    {
        using var client = host.Factory.CreateClient();
        var (userName, tokens) = await NewSessionAsync(client);
        var otherSession = await TokensFromAsync(await LoginAsync(client, userName));
        const string newPassword = "a brand new passphrase 42";

        using var wrongCurrent = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/change-password", tokens.AccessToken,
            new { currentPassword = "not my password at all", newPassword });
        using var changed = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/change-password", tokens.AccessToken,
            new { currentPassword = Password, newPassword });

        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, otherSession.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, userName)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, userName, newPassword)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_is_an_error_of_that_field_and_a_weak_new_one_of_the_other()
    {
        using var client = host.Factory.CreateClient();
        var (userName, tokens) = await NewSessionAsync(client);

        using var wrongCurrent = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/change-password", tokens.AccessToken,
            new { currentPassword = "not my password at all", newPassword = "a brand new passphrase 42" });
        using var weakNew = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/change-password", tokens.AccessToken,
            new { currentPassword = Password, newPassword = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        var wrongCurrentErrors = (await wrongCurrent.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.NotEmpty(wrongCurrentErrors.GetProperty("currentPassword").EnumerateArray());
        Assert.False(wrongCurrentErrors.TryGetProperty("newPassword", out _));
        Assert.Equal(HttpStatusCode.BadRequest, weakNew.StatusCode);
        var weakNewErrors = (await weakNew.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.NotEmpty(weakNewErrors.GetProperty("newPassword").EnumerateArray());
        Assert.False(weakNewErrors.TryGetProperty("currentPassword", out _));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, userName)).StatusCode);
    }

    [Fact]
    public async Task Logout_revokes_the_session_it_names()
    {
        using var client = host.Factory.CreateClient();
        var (userName, tokens) = await NewSessionAsync(client);
        var otherSession = await TokensFromAsync(await LoginAsync(client, userName));

        using var logout = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/logout", tokens.AccessToken, new { refreshToken = tokens.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(client, tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, otherSession.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Post, "/api/v1/auth/logout", null)).StatusCode);
    }
}
