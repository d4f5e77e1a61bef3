using System.Text.RegularExpressions;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed partial class AdminJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task An_administrator_disables_a_user_who_is_signed_out_at_their_next_request_and_cannot_sign_in_again()
    {
        var victim = TestUser.Create("disabled");
        using var api = await App.Api().RegisterAsync(victim);
        await api.CreateWorkspaceAsync("left-behind");

        // The user is signed in, in a browser of their own.
        await using var theirs = await Journey.StartAsync(App, "admin-disabled-user");
        await theirs.SignInAsync(victim);
        await Expect(theirs.Page.GetByRole(AriaRole.Link, new() { Name = "left-behind" })).ToBeVisibleAsync();

        await Journey.SignInAsync(App.Admin);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        var enabled = Page.GetByRole(AriaRole.Switch, new() { Name = $"{victim.UserName} may sign in" });
        await FindOnUserPagesAsync(enabled);
        await Journey.ScreenAsync("users");

        await enabled.ClickAsync(new() { Force = true });
        var confirm = Page.GetByRole(AriaRole.Dialog, new() { Name = $"Disable {victim.UserName}?" });
        await Journey.ScreenAsync("disable-confirm");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(enabled).Not.ToBeCheckedAsync();
        await Journey.ScreenAsync("user-disabled");

        // Their next request is refused and the app takes them to sign in, saying the session ended.
        await theirs.Page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).ClickAsync();
        await Expect(theirs.Page).ToHaveURLAsync(LoginAfterExpiry());
        await Expect(theirs.Page.GetByText("Your session has ended")).ToBeVisibleAsync();
        await theirs.ScreenAsync("signed-out");

        await theirs.Page.GetByLabel("User name or e-mail").FillAsync(victim.UserName);
        await theirs.PasswordField().FillAsync(victim.Password);
        await theirs.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(theirs.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Could not sign in" })).ToBeVisibleAsync();
        await theirs.ScreenAsync("sign-in-refused");

        // The audit log has it all: who disabled whom, and the refused sign-in after.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Audit log" }).ClickAsync();
        var events = Page.GetByRole(AriaRole.Region, new() { Name = "Audit events" });
        await Expect(events.GetByRole(AriaRole.Row).Filter(new() { HasText = "admin.user.update" }).Filter(new() { HasText = victim.UserName }).First)
            .ToContainTextAsync(App.Admin.UserName);
        await Expect(events.GetByRole(AriaRole.Row).Filter(new() { HasText = "auth.login" }).Filter(new() { HasText = victim.UserName }).First)
            .ToBeVisibleAsync();
        await Journey.ScreenAsync("audit-log");

        // The run's Worker ran its retention job at start-up, and the Jobs tab says so.
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Jobs" }).ClickAsync();
        var jobs = Page.GetByRole(AriaRole.Region, new() { Name = "Scheduled jobs" });
        await Expect(jobs.GetByRole(AriaRole.Row).Filter(new() { HasText = "retention" })).ToContainTextAsync("Succeeded");
        await Journey.ScreenAsync("jobs");
    }

    private async Task FindOnUserPagesAsync(ILocator row)
    {
        // Users are listed oldest first, 25 a page: a run's later users can be on page 2.
        for (var page = 0; page < 10 && !await row.IsVisibleAsync(); page++)
        {
            await Page.WaitForTimeoutAsync(300);
            if (await row.IsVisibleAsync())
            {
                break;
            }

            var next = Page.GetByRole(AriaRole.Button, new() { Name = "next page" });
            if (await next.CountAsync() == 0 || await next.IsDisabledAsync())
            {
                break;
            }

            await next.ClickAsync();
        }

        await Expect(row).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/login\?next=%2Fusage&expired=1")]
    private static partial Regex LoginAfterExpiry();
}
