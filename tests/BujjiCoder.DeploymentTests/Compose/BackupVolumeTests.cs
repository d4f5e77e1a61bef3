namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>The Worker's backups land on their own volume, and the restore DEPLOYMENT.md describes can see them.</summary>
[Collection(ComposeCollection.Name)]
public sealed class BackupVolumeTests(ComposeStack stack)
{
    private const string BackupDirectory = "/var/lib/bujji-coder/backups";

    [Fact]
    public async Task The_Workers_first_backup_is_written_to_the_backups_volume_and_listed_by_the_restore_command()
    {
        // A Worker that starts in a slot nobody backed up backs up at once; the manifest is written last, after the
        // backup verified by a restore into a scratch database.
        var worker = await stack.ContainerAsync("worker");
        var manifest = string.Empty;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (manifest.Length == 0 && DateTime.UtcNow < deadline)
        {
            var listed = await OperatorShell.RunQuietAsync("docker", "exec", worker, "ls", BackupDirectory);
            manifest = listed.Output.Split('\n').FirstOrDefault(name => name.EndsWith(".manifest.json", StringComparison.Ordinal)) ?? string.Empty;
            if (manifest.Length == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            }
        }

        Assert.True(manifest.Length > 0, $"No backup in the Worker's {BackupDirectory} within 3 minutes");
        var id = manifest[..^".manifest.json".Length];

        // DEPLOYMENT.md, "Compose: restore from the Worker's backups", step 2.
        var restoreList = await stack.ComposeAsync("run", "--rm", "--no-deps", "-T", "worker", "restore", "--list");
        Assert.True(restoreList.ExitCode == 0, $"restore --list exited {restoreList.ExitCode}:\n{restoreList.Output}");
        Assert.Contains(id, restoreList.Output, StringComparison.Ordinal);
    }
}
