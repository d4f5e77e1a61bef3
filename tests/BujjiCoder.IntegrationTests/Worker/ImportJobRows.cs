using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>Import jobs as the database holds them, read through a host's own DbContext, and archives that make them.</summary>
internal static class ImportJobRows
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<ImportJob> ReadAsync(IServiceProvider services, Guid jobId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, Cancellation);
    }

    public static async Task<List<byte[]>> ChunksAsync(IServiceProvider services, Guid jobId)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().ImportUploadChunks.AsNoTracking()
            .Where(c => c.JobId == jobId).OrderBy(c => c.Index).Select(c => c.Data).ToListAsync(Cancellation);
    }

    /// <summary>Polls the job's row until <paramref name="condition"/> holds, and returns it.</summary>
    public static async Task<ImportJob> WaitForAsync(IServiceProvider services, Guid jobId, Func<ImportJob, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await ReadAsync(services, jobId);
            if (condition(job))
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not within {timeout}; the job is {job.Status}, claimed by {job.ClaimedBy ?? "nobody"}, attempt {job.Attempts}, {job.FilesWritten} file(s) written.");
            }

            await Task.Delay(20, Cancellation);
        }
    }

    /// <summary>Uploads <paramref name="archive"/>, expects it to become a job, and returns the job's id.</summary>
    public static async Task<Guid> UploadAsJobAsync(WorkspaceClient user, string ws, byte[] archive)
    {
        using var response = await user.UploadAsync(ws, archive, "project.zip");
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected a job, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("jobId").GetGuid();
    }

    /// <summary>
    /// A zip of <paramref name="files"/> small text files, each different (content is stored once per hash, so equal
    /// files would cost the import nothing), stored uncompressed so its size is predictable.
    /// </summary>
    public static byte[] ManyFiles(int files, int seed = 1)
    {
        var random = new Random(seed);
        return Archives.Zip(Enumerable.Range(0, files).Select(i => ($"src/module{i / 100:D3}/file{i:D5}.txt",
            Encoding.UTF8.GetBytes($"file {i}\n" + string.Concat(Enumerable.Range(0, 200).Select(_ => (char)random.Next('a', 'z' + 1)))))),
            System.IO.Compression.CompressionLevel.NoCompression);
    }
}
