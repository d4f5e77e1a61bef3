using Microsoft.Extensions.Hosting;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// Archives on local disk while they are checked and imported: the Api saves each upload to one, a Worker writes a
/// job's stored upload back to one. They are deleted when done; a process that crashed leaves its own behind.
/// </summary>
public static class TemporaryUploads
{
    private const string Prefix = "bujji-import-";

    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"{Prefix}{Guid.NewGuid():N}.upload");

    /// <summary>Uploads a crashed process left behind (a day old: another process on this host may still want its own).</summary>
    public static void DeleteAbandoned(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        foreach (var file in new DirectoryInfo(Path.GetTempPath()).EnumerateFiles(Prefix + "*"))
        {
            if (time.GetUtcNow().UtcDateTime - file.LastWriteTimeUtc > TimeSpan.FromDays(1))
            {
                file.Delete();
            }
        }
    }
}

/// <summary>Deletes what <see cref="TemporaryUploads"/> a crashed process left behind, once at start-up.</summary>
internal sealed class AbandonedUploadCleanup(TimeProvider time) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        TemporaryUploads.DeleteAbandoned(time);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
