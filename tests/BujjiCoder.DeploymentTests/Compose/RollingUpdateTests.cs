namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>
/// deploy.sh's upgrade path under a steady load through the front door: a good release replaces both Api replicas one at
/// a time without a failed request; a release that never turns healthy is rolled back while the other replica serves.
/// Each test deploys on top of whatever the stack runs, so their order does not matter.
/// </summary>
[Collection(ComposeCollection.Name)]
public sealed class RollingUpdateTests(ComposeStack stack)
{
    [Fact]
    public async Task A_new_Api_release_replaces_both_replicas_without_a_failed_request()
    {
        var user = await FrontDoorUser.RegisterAsync(stack.FrontDoor);
        var ws = await user.CreateWorkspaceAsync("under load");
        var release = await stack.DeriveApiImageAsync($"rolling-{Guid.NewGuid():N}"[..16], $"LABEL org.bujjicoder.test.release=\"{Guid.NewGuid():N}\"");
        await stack.SetApiImageAsync(release);

        CommandResult deployed;
        LoadCounts load;
        await using (var steady = SteadyLoad.Start(stack.FrontDoor, user.AccessToken, ws))
        {
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            deployed = await stack.DeployAsync();
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            load = await steady.StopAsync();
        }

        Console.WriteLine($"rolling update of the Api ({deployed.Elapsed.TotalSeconds:F0} s): {load}");
        Assert.True(deployed.ExitCode == 0, $"deploy.sh exited {deployed.ExitCode}:\n{deployed.Output}");
        Assert.True(load.Requests >= 50, $"Too little load to prove anything: {load}");
        Assert.True(load.Failed == 0, $"Requests failed during the rolling update: {load}");
        await AssertEveryAcknowledgedWriteIsKeptAsync(user, ws, load);
        var expected = await ComposeStack.ImageIdAsync(release);
        Assert.All(await stack.ReplicaImageIdsAsync(), id => Assert.Equal(expected, id));
    }

    [Fact]
    public async Task A_release_that_never_turns_healthy_is_rolled_back_while_requests_keep_succeeding()
    {
        var user = await FrontDoorUser.RegisterAsync(stack.FrontDoor);
        var ws = await user.CreateWorkspaceAsync("during a rollback");
        var good = stack.ApiImage;
        var before = await stack.ReplicaImageIdsAsync();
        // Starts and serves like the good one, but its health check never passes: the case a rolling update must catch.
        var broken = await stack.DeriveApiImageAsync($"broken-{Guid.NewGuid():N}"[..15], "HEALTHCHECK --interval=5s --timeout=5s --retries=1 CMD [\"dotnet\", \"/no-such-probe.dll\"]");
        await stack.SetApiImageAsync(broken);

        CommandResult deployed;
        LoadCounts load;
        try
        {
            await using var steady = SteadyLoad.Start(stack.FrontDoor, user.AccessToken, ws);
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            deployed = await stack.DeployAsync();
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            load = await steady.StopAsync();
        }
        finally
        {
            // The operator's next step: name the release that works again.
            await stack.SetApiImageAsync(good);
        }

        Console.WriteLine($"rollback of a release that never turns healthy ({deployed.Elapsed.TotalSeconds:F0} s): {load}");
        Assert.NotEqual(0, deployed.ExitCode);
        Assert.Contains("did not turn healthy", deployed.Output, StringComparison.Ordinal);
        Assert.Contains("rolled back", deployed.Output, StringComparison.Ordinal);
        Assert.Equal(before, await stack.ReplicaImageIdsAsync());
        Assert.True(load.Requests >= 50, $"Too little load to prove anything: {load}");
        Assert.True(load.Failed == 0, $"Requests failed during the rollback: {load}");
        await AssertEveryAcknowledgedWriteIsKeptAsync(user, ws, load);
    }

    private static async Task AssertEveryAcknowledgedWriteIsKeptAsync(FrontDoorUser user, string ws, LoadCounts load)
    {
        Assert.True(load.AcknowledgedWrites.Count > 0 && load.Writes >= 25, $"Too few writes to prove anything: {load}");
        foreach (var (path, text) in load.AcknowledgedWrites)
        {
            Assert.Equal(text, await user.ReadFileAsync(ws, path));
        }
    }
}
