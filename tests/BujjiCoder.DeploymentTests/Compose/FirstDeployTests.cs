namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>deploy.sh on an empty machine: the stack comes up in dependency order, each part healthy before the next.</summary>
[Collection(ComposeCollection.Name)]
public sealed class FirstDeployTests(ComposeStack stack)
{
    [Fact]
    public void The_first_deploy_migrates_before_any_replica_starts_and_opens_the_front_door_last()
    {
        var output = stack.FirstDeploy.Output;
        Console.WriteLine($"compose up to ready (first deploy.sh run until the front door's /health/ready answered 200): {stack.UpToReady.TotalSeconds:F1} s");

        int At(string text)
        {
            var index = output.IndexOf(text, StringComparison.Ordinal);
            Assert.True(index >= 0, $"The first deploy never printed '{text}':\n{output}");
            return index;
        }

        var database = At($"Creating {stack.Project}_postgres_1 ... done");
        var migrated = At("migration(s); the database schema is current.");
        var replica = At($"Creating {stack.Project}_api-1_1");
        var worker = At($"Creating {stack.Project}_worker_1");
        var frontDoor = At($"Creating {stack.Project}_web_1");
        Assert.True(database < migrated && migrated < replica && migrated < worker && replica < frontDoor,
            $"Not in dependency order (database {database}, migrations {migrated}, api-1 {replica}, worker {worker}, web {frontDoor}):\n{output}");
        Assert.Contains("deploy: ready: the stack was up and healthy", output, StringComparison.Ordinal);
    }
}
