using System.Text.RegularExpressions;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed partial class SignInJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task A_new_user_registers_signs_in_stays_signed_in_across_a_reload_and_comes_back_to_where_they_were_going()
    {
        var user = TestUser.Create("signin");

        // Not signed in: the app sends the visitor to sign in, remembering where they were going.
        await Page.GotoAsync("/usage");
        await Expect(Page).ToHaveURLAsync(LoginWithNext());
        await Journey.ScreenAsync("login");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/register$"));
        // The URL changes before the lazily loaded page replaces the sign-in form (its "User name or e-mail" field
        // would take the typing otherwise): wait for the new page itself.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Create an account" })).ToBeVisibleAsync();
        await Page.GetByLabel("User name").FillAsync(user.UserName);
        await Page.GetByLabel("E-mail").FillAsync(user.Email);
        await Journey.PasswordField().FillAsync(user.Password);
        await Expect(Page.GetByLabel("Invitation code")).ToHaveCountAsync(0);
        await Journey.ScreenAsync("register");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Expect(Page.GetByText("Account created")).ToBeVisibleAsync();
        await Journey.ScreenAsync("registered");

        // A wrong password is refused in words, and the form stays usable.
        await Page.GetByLabel("User name or e-mail").FillAsync(user.Email);
        await Journey.PasswordField().FillAsync("not the password at all");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        var refusal = Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Could not sign in" });
        await Expect(refusal).ToContainTextAsync("not right");
        await Journey.ScreenAsync("sign-in-refused");

        await Journey.PasswordField().FillAsync(user.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(Journey.AccountMenu(user)).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/workspaces$"));
        await Journey.ScreenAsync("workspaces");

        // The access token lives in memory only: a reload renews it through the refresh cookie.
        var stored = await Page.EvaluateAsync<string>("() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })");
        Assert.DoesNotContain("eyJ", stored, StringComparison.Ordinal);
        await Page.ReloadAsync();
        await Expect(Journey.AccountMenu(user)).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/workspaces$"));

        await Journey.AccountMenu(user).ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/login"));

        // Signed out for real: the refresh cookie no longer brings the session back, and sign-in leads on to the
        // page asked for.
        await Page.GotoAsync("/usage");
        await Expect(Page).ToHaveURLAsync(LoginWithNext());
        await Page.GetByLabel("User name or e-mail").FillAsync(user.UserName);
        await Journey.PasswordField().FillAsync(user.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/usage$"));
        await Expect(Journey.AccountMenu(user)).ToBeVisibleAsync();
        await Journey.ScreenAsync("back-where-they-were-going");
    }

    [Fact]
    public async Task A_user_changes_their_password_and_only_the_new_one_signs_in()
    {
        var user = TestUser.Create("password");
        using var api = await App.Api().RegisterAsync(user);
        var renewed = user with { Password = user.Password + " renewed" };

        await Journey.SignInAsync(user);
        await Page.GotoAsync("/account/password");
        await Page.GetByLabel(new Regex("^Current password")).FillAsync(user.Password);
        await Page.GetByLabel(new Regex("^New password")).FillAsync(renewed.Password);
        await Page.GetByLabel(new Regex("^Confirm new password")).FillAsync(renewed.Password);
        await Journey.ScreenAsync("change-password");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Password changed" }))
            .ToContainTextAsync("this one continues with your new password");
        await Expect(Journey.AccountMenu(user)).ToBeVisibleAsync();
        await Journey.ScreenAsync("password-changed");
        await Assert.ThrowsAsync<InvalidOperationException>(() => App.Api().SignInAsync(user));
        using var again = await App.Api().SignInAsync(renewed);
    }

    [GeneratedRegex(@"/login\?next=%2Fusage")]
    private static partial Regex LoginWithNext();
}
