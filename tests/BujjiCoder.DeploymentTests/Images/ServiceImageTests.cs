namespace BujjiCoder.DeploymentTests.Images;

/// <summary>The Api and Worker images running against a real PostgreSQL and Redis, probed by their own HEALTHCHECK.</summary>
[Collection(ImagesCollection.Name)]
public sealed class ServiceImageTests(RunningImages stack)
{
    [Fact]
    public async Task The_api_turns_healthy_against_real_postgresql_and_redis()
    {
        Assert.Equal("healthy", await Docker.InspectAsync(stack.Api, "{{.State.Health.Status}}"));

        var probe = await stack.ExecAsync(stack.Api, "healthcheck");
        Assert.True(probe.Succeeded, probe.Output + probe.Error);
        Assert.Equal("/health/ready: 200", probe.Output.Trim());
    }

    [Fact]
    public async Task The_worker_turns_healthy_against_the_same_database_and_cache()
    {
        await RunningImages.WaitUntilHealthyAsync(stack.Worker);

        var probe = await stack.ExecAsync(stack.Worker, "healthcheck");
        Assert.Equal("/health/ready: 200", probe.Output.Trim());
    }

    [Fact]
    public async Task The_api_health_check_fails_while_postgresql_is_down()
    {
        await Docker.RunAsync("stop", stack.Postgres);
        try
        {
            var probe = await stack.ExecAsync(stack.Api, "healthcheck");

            Assert.False(probe.Succeeded, probe.Output);
            Assert.Equal("/health/ready: 503", probe.Output.Trim());
        }
        finally
        {
            await Docker.RunAsync("start", stack.Postgres);
            await RunningImages.WaitUntilHealthyAsync(stack.Postgres);
        }

        // And it recovers without a restart: the probe reports the dependency, not a dead process.
        await stack.WaitUntilProbeSucceedsAsync(stack.Api);
    }

    [Fact]
    public async Task The_api_answers_its_metrics_on_the_management_port_only()
    {
        var management = await stack.ExecAsync(stack.Api, "healthcheck", "/metrics", "9464");
        var publicPort = await stack.ExecAsync(stack.Api, "healthcheck", "/metrics", "8080");

        Assert.Equal("/metrics: 200", management.Output.Trim());
        Assert.Equal("/metrics: 404", publicPort.Output.Trim());
    }
}
