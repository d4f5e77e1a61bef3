using System.Net;
using System.Net.Http.Headers;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class AccessTokenJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task A_user_creates_a_personal_access_token_sees_it_once_uses_it_and_revokes_it()
    {
        var user = TestUser.Create("tokens");
        using var api = await App.Api().RegisterAsync(user);

        await Journey.SignInAsync(user);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Access tokens" }).ClickAsync();
        await Expect(Page.GetByText("No tokens yet")).ToBeVisibleAsync();
        await Journey.ScreenAsync("no-tokens");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var create = Page.GetByRole(AriaRole.Dialog, new() { Name = "Create a personal access token" });
        await create.GetByLabel("Name").FillAsync("laptop script");
        await create.GetByRole(AriaRole.Checkbox, new() { Name = "read" }).CheckAsync();
        await Journey.ScreenAsync("create-token");
        await create.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();

        var issued = Page.GetByRole(AriaRole.Dialog, new() { Name = "Your new token" });
        await Expect(issued).ToContainTextAsync("bjc_");
        var token = (await issued.Locator("pre").InnerTextAsync()).Trim();
        Assert.StartsWith("bjc_", token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await MeWithAsync(token));
        await Journey.ScreenAsync("token-shown-once");
        await issued.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();

        // Listed without its secret.
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "laptop script" });
        await Expect(row).ToBeVisibleAsync();
        Assert.DoesNotContain(token, await Page.ContentAsync(), StringComparison.Ordinal);
        await Journey.ScreenAsync("token-listed");

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke laptop script" }).ClickAsync();
        var confirm = Page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke token?" });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row.GetByText("Revoked")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithAsync(token));
        await Journey.ScreenAsync("token-revoked");
    }

    // Through nginx, as a script would call the site.
    private async Task<HttpStatusCode> MeWithAsync(string token)
    {
        using var client = new HttpClient { BaseAddress = App.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, Cancellation);
        return response.StatusCode;
    }
}
