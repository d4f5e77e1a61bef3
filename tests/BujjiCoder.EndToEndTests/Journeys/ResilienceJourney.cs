using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Journeys;

/// <summary>What the user sees when things go wrong: the Api going away and coming back, and a locked account.</summary>
[Collection(JourneyCollection.Name)]
public sealed class ResilienceJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task The_unreachable_banner_shows_while_the_Api_is_down_and_clears_itself_when_it_is_back()
    {
        var user = TestUser.Create("outage");
        using var api = await App.Api().RegisterAsync(user);
        await api.CreateWorkspaceAsync("still-here");
        await Journey.SignInAsync(user);
        var banner = Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The Bujji Coder Api is unreachable" });

        await App.WithApiDownAsync(async () =>
        {
            // The real outage through the real proxy: nginx answers 502 for the Api.
            await Page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
            await Expect(banner).ToBeVisibleAsync();
            await Journey.ScreenAsync("api-down");
        });

        // Nobody touches anything: the page's own probe finds the Api again.
        await Expect(banner).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Page.GetByRole(AriaRole.Link, new() { Name = "Workspaces" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "still-here" })).ToBeVisibleAsync();
        await Expect(Journey.AccountMenu(user)).ToBeVisibleAsync();
        await Journey.ScreenAsync("api-back");
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_and_the_page_says_for_how_long()
    {
        var user = TestUser.Create("lockout");
        using var api = await App.Api().RegisterAsync(user);

        await Page.GotoAsync("/login");
        var refusal = Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Could not sign in" });
        // Auth:Lockout:MaxFailedAttempts is 5: the fifth failure locks the account.
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            await Page.GetByLabel("User name or e-mail").FillAsync(user.UserName);
            await Journey.PasswordField().FillAsync($"wrong password number {attempt}");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await Expect(refusal).ToBeVisibleAsync();
        }

        await Expect(refusal).ToContainTextAsync("locked");
        await Expect(refusal).ToContainTextAsync("Try again in 15 minutes");
        await Journey.ScreenAsync("locked-out");

        // Locked means locked: the right password is refused too, in the same words.
        await Page.GetByLabel("User name or e-mail").FillAsync(user.UserName);
        await Journey.PasswordField().FillAsync(user.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(refusal).ToContainTextAsync("locked");
        await Expect(Journey.AccountMenu(user)).ToHaveCountAsync(0);
    }
}
