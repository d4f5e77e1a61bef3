using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.Workspaces.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Workspaces.Files;

/// <summary>
/// Imports large enough that their content is written in several batches (a flush every 500 files), so a batch that
/// dropped, doubled or half-wrote files would show; runs on PostgreSQL (batched blobs, COPY of symbols) and on SQLite.
/// </summary>
public abstract class LargeImportTests
{
    private const int Files = 1234;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    protected abstract Task<ApiHost> StartAsync();

    [Fact]
    public async Task Every_file_of_a_large_import_is_stored_once_and_searchable_whatever_batch_it_fell_in()
    {
        await using var api = await StartAsync();
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        // Content some blob already holds (the import must lock it, not insert it again) and content two paths share.
        await user.WriteAsync(ws, "existing.txt", "shared content\n");
        var zip = Archives.Zip([
            .. Enumerable.Range(0, Files).Select(i => ($"gen/d{i % 7}/F{i:D4}.cs", Encoding.UTF8.GetBytes(Source(i)))),
            ("copy/existing.txt", "shared content\n"u8.ToArray()),
            ("twins/a.txt", "twin content\n"u8.ToArray()),
            ("twins/b.txt", "twin content\n"u8.ToArray())]);

        using var response = await user.UploadAsync(ws, zip, "large.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Files + 3, (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("imported").GetInt32());
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            var id = Guid.Parse(ws);
            Assert.Equal(Files + 4, await db.WorkspaceFiles.CountAsync(f => f.WorkspaceId == id, Cancellation));
            var hashes = db.WorkspaceFiles.Where(f => f.WorkspaceId == id).Select(f => f.Hash);
            // One class per generated file: each blob's symbols written exactly once, none lost between batches.
            var classes = await db.BlobSymbols.Where(s => hashes.Contains(s.BlobHash) && s.Kind == "Class").Select(s => s.Name).ToListAsync(Cancellation);
            Assert.Equal(Enumerable.Range(0, Files).Select(i => $"Marker{i:D4}Type"), classes.Order(StringComparer.Ordinal));
        }

        foreach (var i in new[] { 0, 499, 500, 999, 1000, Files - 1 })
        {
            var hits = (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/search?q=word{i:D4}")).GetProperty("hits");
            Assert.Equal($"gen/d{i % 7}/F{i:D4}.cs:4", $"{hits[0].GetProperty("path").GetString()}:{hits[0].GetProperty("line").GetInt32()}");
        }

        Assert.Equal("shared content\n", await user.ReadAsync(ws, "copy/existing.txt"));
        Assert.Equal("twin content\n", await user.ReadAsync(ws, "twins/b.txt"));
    }

    [Fact]
    public async Task A_change_that_fails_after_several_batches_were_written_leaves_no_file_blob_or_symbol_behind()
    {
        await using var api = await StartAsync();
        var user = await WorkspaceClient.SignUpAsync(api.Factory.CreateClient());
        var ws = Guid.Parse(await user.CreateWorkspaceAsync());
        var revisions = await user.RevisionCountAsync(ws.ToString());

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<WorkspaceStore>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.ChangeAsync(ws, user.UserId, RevisionKind.Import, "doomed", async change =>
            {
                await change.LoadAllAsync(Cancellation);
                for (var i = 0; i < Files; i++)
                {
                    await change.WriteAsync($"gen/F{i:D4}.cs", FileContent.FromText(Source(i, "Doomed")), Cancellation);
                }

                throw new InvalidOperationException("the import fails after its batches were written");
            }, Cancellation));
        }

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            Assert.False(await db.WorkspaceFiles.AnyAsync(f => f.WorkspaceId == ws, Cancellation));
            Assert.False(await db.FileBlobs.AnyAsync(b => b.Text!.Contains("Doomed"), Cancellation));
            Assert.False(await db.BlobSymbols.AnyAsync(s => s.Name.StartsWith("Doomed"), Cancellation));
        }

        Assert.Equal(revisions, await user.RevisionCountAsync(ws.ToString()));
    }

    private static string Source(int i, string prefix = "Marker") => $"public class {prefix}{i:D4}Type\n{{\n}}\n// word{i:D4}\n";
}

public sealed class PostgresLargeImportTests(TestInfrastructure infrastructure) : LargeImportTests
{
    protected override Task<ApiHost> StartAsync() => TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
}

public sealed class SqliteLargeImportTests : LargeImportTests
{
    protected override Task<ApiHost> StartAsync() => TestHost.Sqlite().WithOpenRegistration().BuildApiAsync();
}
