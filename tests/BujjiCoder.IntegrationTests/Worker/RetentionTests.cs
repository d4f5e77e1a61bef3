extern alias worker;

using System.Net;
using System.Security.Cryptography;
using System.Text;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RetentionService = worker::BujjiCoder.Worker.Retention.RetentionService;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>The Worker's retention against real PostgreSQL, beside the Api that wrote the data.</summary>
public sealed class RetentionTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Content_left_by_a_deleted_workspace_is_collected_and_shared_content_is_kept()
    {
        await using var api = await HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure)).BuildApiAsync();
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var kept = await user.CreateWorkspaceAsync("kept");
        var gone = await user.CreateWorkspaceAsync("gone");
        await user.WriteAsync(kept, "shared.txt", "shared\n");
        await user.WriteAsync(gone, "shared.txt", "shared\n");
        await user.WriteAsync(gone, "Only.cs", "class OnlyHere {}\n");
        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{gone}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await using var worker = await TestHost.Beside(api)
            .With("Worker:Retention:Interval", "1.00:00:00").With("Worker:Retention:UnreferencedBlobAge", "00:00:00").BuildWorkerAsync();
        await worker.Factory.Services.GetRequiredService<RetentionService>().CollectAsync(Cancellation);

        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var hashes = await db.FileBlobs.Select(b => b.Hash).ToListAsync(Cancellation);
        Assert.Contains(Sha256("shared\n"), hashes);
        Assert.DoesNotContain(Sha256("class OnlyHere {}\n"), hashes);
        Assert.False(await db.BlobSymbols.AnyAsync(s => s.Name == "OnlyHere", Cancellation));
        Assert.Equal("shared\n", await user.ReadAsync(kept, "shared.txt"));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
