using System.Net;
using BujjiCoder.EndToEndTests.Hosting;
using BujjiCoder.EndToEndTests.Support;

namespace BujjiCoder.EndToEndTests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class MembersJourney(EndToEndApp app) : JourneyTest(app)
{
    [Fact]
    public async Task An_owner_adds_a_colleague_by_e_mail_makes_them_a_viewer_and_removes_them()
    {
        var owner = TestUser.Create("owner");
        var colleague = TestUser.Create("colleague");
        using var ownerApi = await App.Api().RegisterAsync(owner);
        using var colleagueApi = await App.Api().RegisterAsync(colleague);
        var ws = await ownerApi.CreateWorkspaceAsync("shared");

        await Journey.SignInAsync(owner);
        await Page.GotoAsync($"/workspaces/{ws}/members");
        var add = Page.GetByRole(AriaRole.Form, new() { Name = "Add a member" });
        await add.GetByLabel("User name or e-mail").FillAsync(colleague.Email);
        await Journey.ScreenAsync("members");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Expect(add.GetByRole(AriaRole.Status)).ToContainTextAsync("is now a member with the role Editor");
        var row = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = colleague.UserName });
        await Expect(row).ToBeVisibleAsync();
        await colleagueApi.WriteFileAsync(ws, "notes.md", "an editor may write\n");
        await Journey.ScreenAsync("member-added");

        await row.GetByRole(AriaRole.Combobox, new() { Name = $"Role of {colleague.UserName}" }).ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "Viewer" }).ClickAsync();
        await Expect(Page.GetByText($"{colleague.UserName} is now Viewer.")).ToBeVisibleAsync();
        // A viewer reads but no longer writes.
        await colleagueApi.SendJsonAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}", null, HttpStatusCode.OK);
        await Assert.ThrowsAsync<InvalidOperationException>(() => colleagueApi.WriteFileAsync(ws, "notes.md", "a viewer may not\n"));
        await Journey.ScreenAsync("member-viewer");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Remove {colleague.UserName}" }).ClickAsync();
        var confirm = Page.GetByRole(AriaRole.Dialog, new() { Name = $"Remove {colleague.UserName}?" });
        await Journey.ScreenAsync("remove-confirm");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        // Gone for them: the workspace is not found, never "forbidden".
        await colleagueApi.SendJsonAsync(HttpMethod.Get, $"/api/v1/workspaces/{ws}", null, HttpStatusCode.NotFound);
        await Journey.ScreenAsync("member-removed");
    }
}
