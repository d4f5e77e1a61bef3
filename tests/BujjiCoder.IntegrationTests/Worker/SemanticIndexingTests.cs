using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Api.Operations;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Workspaces.Semantic;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BujjiCoder.IntegrationTests.Worker;

/// <summary>
/// The semantic index kept by the real indexer with the real local model, on PostgreSQL and SQLite: run by a Worker, by an
/// embedded Api on its own, or called directly where a test must see the "pending" state between a change and its indexing.
/// </summary>
public sealed class SemanticIndexingTests(TestInfrastructure infrastructure)
{
    private const string Flag = "FeatureManagement:" + SemanticSearchFeature.Flag;
    private const string QuickPolls = "00:00:00.100";

    private const string Payments = """
        namespace Shop.Payments;

        /// <summary>Talks to the card processor for the checkout.</summary>
        public sealed class PaymentService(IPaymentGateway gateway)
        {
            /// <summary>Charges the customer's card for the order's total.</summary>
            public async Task<Receipt> CapturePaymentAsync(Order order)
            {
                var authorization = await gateway.Authorize(order.Card, order.Total);
                return await gateway.Capture(authorization);
            }
        }
        """;

    private const string Refunds = """
        namespace Shop.Payments;

        public sealed class PaymentService(IPaymentGateway gateway)
        {
            /// <summary>Gives the customer's money back.</summary>
            public async Task<Receipt> RefundPaymentAsync(Order order, decimal amount)
            {
                return await gateway.Refund(order.Id, amount);
            }
        }
        """;

    private const string Adapter = """
        const http = require('http');

        /**
         * Sends the request through Node's http module and resolves with the response.
         */
        function httpAdapter(config) {
          return new Promise((resolve, reject) => {
            const req = http.request(config.url, { method: config.method }, (res) => resolve(res));
            req.on('error', reject);
            req.end(config.data);
          });
        }

        module.exports = httpAdapter;
        """;

    private const string Routes = """
        from flask import Flask

        app = Flask(__name__)


        @app.route("/orders")
        def list_orders():
            return [order.to_dict() for order in Order.open()]
        """;

    private const string Readme = "# Shop\n\nA small web shop: orders, payments and refunds.\n\nRun it with `dotnet run`.\n";

    private static readonly byte[] Logo = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_indexes_every_text_file_of_an_imported_workspace_until_none_is_pending()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        await using var worker = await TestHost.Beside(api).With(Flag, "true").With("Retrieval:Indexing:PollInterval", QuickPolls).BuildWorkerAsync();
        await worker.StartAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient());
        using var imported = await user.UploadAsync(ws, Archives.Zip(
        [
            ("src/Payments/PaymentService.cs", Encoding.UTF8.GetBytes(Payments)),
            ("lib/adapters/http.js", Encoding.UTF8.GetBytes(Adapter)),
            ("shop/routes.py", Encoding.UTF8.GetBytes(Routes)),
            ("README.md", Encoding.UTF8.GetBytes(Readme)),
            ("shop/__init__.py", []),
            ("assets/logo.png", Logo),
        ]), "shop.zip");
        Assert.True(imported.IsSuccessStatusCode, $"import: {(int)imported.StatusCode}");

        await WaitUntilAsync(async () => await PendingAsync(api, ws) == 0, "every text file to be indexed by the Worker");

        var chunks = await WorkspaceChunksAsync(api, ws);
        Assert.Contains(chunks, c => c is { Path: "src/Payments/PaymentService.cs", Symbol: "CapturePaymentAsync", Kind: "method" });
        Assert.Contains(chunks, c => c is { Path: "lib/adapters/http.js", Symbol: "httpAdapter", Kind: "function", StartLine: 3 });
        Assert.Contains(chunks, c => c is { Path: "shop/routes.py", Symbol: "list_orders" });
        Assert.Contains(chunks, c => c is { Path: "README.md", Symbol: null, StartLine: 1 });
        Assert.DoesNotContain(chunks, c => c.Path is "assets/logo.png" or "shop/__init__.py");
        Assert.All(chunks, c => Assert.Equal(MiniLmEmbeddingGenerator.Dimensions * sizeof(float), c.VectorBytes));
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var files = await db.WorkspaceFiles.Where(f => f.WorkspaceId == Guid.Parse(ws)).ToDictionaryAsync(f => f.Path, Cancellation);
        var rows = await db.EmbeddedBlobs.ToDictionaryAsync(e => e.BlobHash, Cancellation);
        // The empty file is done with no chunks; the binary one is never indexed.
        Assert.Equal(0, rows[files["shop/__init__.py"].Hash].ChunkCount);
        Assert.False(rows.ContainsKey(files["assets/logo.png"].Hash));
        Assert.All(chunks.GroupBy(c => c.Path), file => Assert.Equal(rows[files[file.Key].Hash].ChunkCount, file.Count()));
    }

    [Fact]
    public async Task A_failing_embedding_model_is_retried_at_the_next_poll_and_the_worker_keeps_indexing()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        var flaky = new FailingGenerator(failures: 3);
        await using var worker = await TestHost.Beside(api).With(Flag, "true").With("Retrieval:Indexing:PollInterval", QuickPolls)
            .WithServices(services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(flaky)).BuildWorkerAsync();
        await worker.StartAsync();
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments));

        await WaitUntilAsync(async () => await PendingAsync(api, ws) == 0, "the Worker to index once the model answers again");

        Assert.True(flaky.Calls > 3, $"{flaky.Calls} calls");
        Assert.Contains(await WorkspaceChunksAsync(api, ws), c => c.Symbol == "CapturePaymentAsync");
    }

    [Fact]
    public async Task A_text_the_model_refuses_waits_alone_while_the_rest_of_its_pass_is_indexed()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration()
            .WithServices(services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new RefusingGenerator("REFUSE-ME"))).BuildApiAsync();
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(),
            ("src/Payments/PaymentService.cs", Payments + $"// {Guid.NewGuid():N}\n"), ("docs/notes.md", $"# Notes\n\nREFUSE-ME {Guid.NewGuid():N}\n"));

        var stored = await IndexAsync(api);

        Assert.Equal(1, stored);
        Assert.Equal(1, await PendingAsync(api, ws));
        Assert.Contains(await WorkspaceChunksAsync(api, ws), c => c.Symbol == "CapturePaymentAsync");
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task An_edited_file_is_pending_until_reindexed_and_its_old_chunks_stop_counting_at_once(string database)
    {
        await using var api = await Host(database).BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments));
        Assert.Equal(1, await IndexAsync(api));
        Assert.Contains(await WorkspaceChunksAsync(api, ws), c => c.Symbol == "CapturePaymentAsync");

        await user.WriteAsync(ws, "src/Payments/PaymentService.cs", Refunds);

        Assert.Equal(1, await PendingAsync(api, ws));
        Assert.Empty(await WorkspaceChunksAsync(api, ws));
        Assert.Equal(1, await IndexAsync(api));
        var chunks = await WorkspaceChunksAsync(api, ws);
        Assert.Contains(chunks, c => c.Symbol == "RefundPaymentAsync");
        Assert.DoesNotContain(chunks, c => c.Symbol == "CapturePaymentAsync");
        Assert.Equal(0, await PendingAsync(api, ws));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task A_deleted_file_leaves_the_workspace_index_at_once_and_pruning_removes_its_chunks_and_other_models_ones(string database)
    {
        await using var api = await Host(database).BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments), ("lib/adapters/http.js", Adapter));
        Assert.Equal(2, await IndexAsync(api));
        var deletedHash = await InDbAsync(api, db => db.WorkspaceFiles.Where(f => f.Path == "src/Payments/PaymentService.cs").Select(f => f.Hash).SingleAsync(Cancellation));
        var keptHash = await InDbAsync(api, db => db.WorkspaceFiles.Where(f => f.Path == "lib/adapters/http.js").Select(f => f.Hash).SingleAsync(Cancellation));
        await InDbAsync(api, db =>
        {
            // What an earlier embedding model left: a model change makes it dead weight.
            db.EmbeddedBlobs.Add(new EmbeddedBlob { BlobHash = keptHash, Model = "local/an-older-model", ChunkCount = 1, EmbeddedAt = DateTime.UtcNow });
            db.CodeChunks.Add(new CodeChunk { BlobHash = keptHash, Model = "local/an-older-model", StartLine = 1, EndLine = 2, Vector = new byte[16] });
            return db.SaveChangesAsync(Cancellation);
        });

        using var deleted = await user.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{ws}/files/src/Payments/PaymentService.cs");
        Assert.True(deleted.IsSuccessStatusCode, $"delete: {(int)deleted.StatusCode}");

        Assert.All(await WorkspaceChunksAsync(api, ws), c => Assert.Equal("lib/adapters/http.js", c.Path));
        Assert.NotEqual(0, await InDbAsync(api, db => db.CodeChunks.CountAsync(c => c.BlobHash == deletedHash, Cancellation)));

        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            // Batches of one: the loop over batches must go on until nothing is left.
            var pruned = await scope.ServiceProvider.GetRequiredService<SemanticIndexer>().PruneAsync(1, Cancellation);
            Assert.True(pruned >= 4, $"{pruned} rows pruned");
        }

        Assert.Equal(0, await InDbAsync(api, db => db.CodeChunks.CountAsync(c => c.BlobHash == deletedHash || c.Model == "local/an-older-model", Cancellation)));
        Assert.Equal(0, await InDbAsync(api, db => db.EmbeddedBlobs.CountAsync(e => e.BlobHash == deletedHash || e.Model == "local/an-older-model", Cancellation)));
        Assert.Contains(await WorkspaceChunksAsync(api, ws), c => c.Symbol == "httpAdapter");
        Assert.Equal(0, await PendingAsync(api, ws));
    }

    /// <remarks>
    /// SQLite only: that is where indexers take no locks (embedded mode has one process), so two passes at once hold the same
    /// blobs and the second store finds the row claimed. On PostgreSQL they split the blobs instead (the next test).
    /// </remarks>
    [Fact]
    public async Task Two_indexers_embedding_the_same_blobs_at_once_store_one_set_of_chunks_without_an_error()
    {
        await using var api = await Host("sqlite").BuildApiAsync();
        var files = Modules(6);
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), files);
        // Neither indexer embeds until both have taken their pending blobs: both then hold all six.
        var generator = new MeetingGenerator(api.Factory.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), parties: 2);

        var stored = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => IndexWithAsync(api, generator, maxBlobs: 10), Cancellation)));

        Assert.Equal(6, stored.Sum());
        var chunks = await WorkspaceChunksAsync(api, ws);
        Assert.Equal(files.Length, chunks.Select(c => c.Path).Distinct().Count());
        Assert.Equal(chunks.Count, chunks.DistinctBy(c => (c.Path, c.StartLine)).Count());
        var counted = await InDbAsync(api, db => db.EmbeddedBlobs.SumAsync(e => e.ChunkCount, Cancellation));
        Assert.Equal(counted, await InDbAsync(api, db => db.CodeChunks.CountAsync(Cancellation)));
        Assert.Equal(0, await PendingAsync(api, ws));
    }

    [Fact]
    public async Task Two_indexers_at_once_on_postgres_embed_each_blob_once_between_them()
    {
        await using var api = await Host("postgres").BuildApiAsync();
        var files = Modules(6);
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), files);
        // Neither indexer embeds until both have taken their blobs, so neither can store (and let go of) any before the
        // other has chosen; every text either is asked to embed is recorded.
        var generator = new RecordingGenerator(
            new MeetingGenerator(api.Factory.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), parties: 2));

        // Three each of the six: indexers that picked alike would both take the newest three.
        var stored = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => IndexWithAsync(api, generator, maxBlobs: 3), Cancellation)));

        // Before any other query: the passes' connections are back in the pool, where nothing resets them until reused.
        Assert.Equal(0, await HeldBlobLocksAsync(api));
        var twice = generator.Texts.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key[..g.Key.IndexOf('\n', StringComparison.Ordinal)]).ToList();
        Assert.True(twice.Count == 0, $"Embedded twice: {twice.Count} chunk(s) of {string.Join(", ", twice.Distinct())}.");
        Assert.All(stored, s => Assert.Equal(3, s));
        Assert.Equal(0, await PendingAsync(api, ws));
        var chunks = await WorkspaceChunksAsync(api, ws);
        Assert.Equal(files.Length, chunks.Select(c => c.Path).Distinct().Count());
        Assert.Equal(generator.Texts.Count, chunks.Count);
        var counted = await InDbAsync(api, db => db.EmbeddedBlobs.SumAsync(e => e.ChunkCount, Cancellation));
        Assert.Equal(counted, await InDbAsync(api, db => db.CodeChunks.CountAsync(Cancellation)));
    }

    [Fact]
    public async Task The_runbooks_statement_makes_every_file_pending_and_the_indexer_embeds_them_all_again()
    {
        const string Documented = "BEGIN; DELETE FROM code_chunks; DELETE FROM embedded_blobs; COMMIT;";
        await Runbook.AssertDocumentsAsync(Documented);
        await using var api = await Host("postgres").BuildApiAsync();
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments), ("README.md", Readme));
        Assert.Equal(2, await IndexAsync(api));

        await InDbAsync(api, db => db.Database.ExecuteSqlRawAsync(Documented, Cancellation));

        Assert.Equal(2, await PendingAsync(api, ws));
        Assert.Equal(2, await IndexAsync(api));
        Assert.Contains(await WorkspaceChunksAsync(api, ws), c => c.Symbol == "CapturePaymentAsync");
    }

    [Fact]
    public async Task An_embedded_api_indexes_nothing_while_the_flag_is_off_and_everything_once_it_is_switched_on()
    {
        await using var api = await TestHost.Sqlite().WithOpenRegistration().With("Retrieval:Indexing:PollInterval", QuickPolls).BuildApiAsync();
        await WarmModelAsync(api);
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments), ("README.md", Readme));

        // Twenty polls with the model loaded: an indexer that ignored the flag would have finished two small files by then.
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
        Assert.Equal(2, await PendingAsync(api, ws));
        Assert.Equal(0, await InDbAsync(api, db => db.EmbeddedBlobs.CountAsync(Cancellation)));

        ReloadingSettings.AddTo(api).Set(new Dictionary<string, string?> { [Flag] = "true" });

        await WaitUntilAsync(async () => await PendingAsync(api, ws) == 0, "the embedded Api to index once the flag is on");
        Assert.Contains(await WorkspaceChunksAsync(api, ws), c => c.Symbol == "CapturePaymentAsync");
    }

    [Fact]
    public async Task An_embedded_api_with_no_worker_indexes_each_change_by_itself()
    {
        await using var api = await TestHost.Sqlite().WithOpenRegistration().With(Flag, "true").With("Retrieval:Indexing:PollInterval", QuickPolls).BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments));
        await WaitUntilAsync(async () => (await WorkspaceChunksAsync(api, ws)).Any(c => c.Symbol == "CapturePaymentAsync"), "the first version to be indexed");

        await user.WriteAsync(ws, "src/Payments/PaymentService.cs", Refunds);

        await WaitUntilAsync(async () => (await WorkspaceChunksAsync(api, ws)).Any(c => c.Symbol == "RefundPaymentAsync"), "the edit to be indexed");
        Assert.DoesNotContain(await WorkspaceChunksAsync(api, ws), c => c.Symbol == "CapturePaymentAsync");
        Assert.Equal(0, await PendingAsync(api, ws));
    }

    [Fact]
    public async Task A_worker_embeds_nothing_while_an_import_job_holds_its_lease_and_catches_up_once_the_job_ends()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments + $"// {Guid.NewGuid():N}\n"));
        await using var worker = await TestHost.Beside(api).With(Flag, "true").With("Retrieval:Indexing:PollInterval", QuickPolls).BuildWorkerAsync();
        await worker.StartAsync();
        // The indexer is running and its model loaded: what it leaves pending from now on, it leaves on purpose.
        await WaitUntilAsync(async () => await PendingAsync(api, ws) == 0, "the Worker to index the first file");

        // A job another Worker replica is running right now: claimed, its lease live.
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(), WorkspaceId = Guid.Parse(ws), CreatedBy = "someone", Status = ImportJobStatus.Running, UploadName = "big.zip",
            ClaimedBy = "worker-elsewhere", LeaseExpiresAt = DateTime.UtcNow.AddMinutes(5), CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        await InDbAsync(api, db => { db.ImportJobs.Add(job); return db.SaveChangesAsync(Cancellation); });
        await user.WriteAsync(ws, "src/Payments/Refunds.cs", Refunds + $"// {Guid.NewGuid():N}\n");

        // Some thirty polls.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        Assert.Equal(1, await PendingAsync(api, ws));

        await InDbAsync(api, db => db.ImportJobs.Where(j => j.Id == job.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, ImportJobStatus.Succeeded).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), Cancellation));

        await WaitUntilAsync(async () => await PendingAsync(api, ws) == 0, "the Worker to index once the import job ended");
    }

    [Fact]
    public async Task A_pass_in_flight_stops_when_an_import_job_takes_its_lease_and_its_blobs_stay_pending()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments + $"// {Guid.NewGuid():N}\n"));
        var embedded = await InDbAsync(api, db => db.EmbeddedBlobs.CountAsync(Cancellation));
        // A pass that takes as long as the test wants, standing for one embedding a batch of 32 blobs for seconds.
        var held = new HoldingGenerator();
        await using var worker = await TestHost.Beside(api).With(Flag, "true").With("Retrieval:Indexing:PollInterval", QuickPolls)
            .WithServices(services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(held)).BuildWorkerAsync();
        await worker.StartAsync();
        await held.Entered.WaitAsync(TimeSpan.FromMinutes(1), Cancellation);

        // A job another Worker replica claims now, while the pass embeds.
        var job = new ImportJob
        {
            Id = Guid.CreateVersion7(), WorkspaceId = Guid.Parse(ws), CreatedBy = "someone", Status = ImportJobStatus.Running, UploadName = "big.zip",
            ClaimedBy = "worker-elsewhere", LeaseExpiresAt = DateTime.UtcNow.AddMinutes(5), CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        await InDbAsync(api, db => { db.ImportJobs.Add(job); return db.SaveChangesAsync(Cancellation); });

        // The held embedding never ends by itself: only the pass stopping at a poll that sees the job ends it.
        var stopped = await Task.WhenAny(held.Cancelled, Task.Delay(TimeSpan.FromMinutes(1), Cancellation)) == held.Cancelled;
        Assert.True(stopped, "The pass went on embedding beside the import job for a minute.");
        Assert.Equal(embedded, await InDbAsync(api, db => db.EmbeddedBlobs.CountAsync(Cancellation)));
        Assert.Equal(1, await PendingAsync(api, ws));
        // The stopped pass let go of its blob: another replica could take it now.
        await WaitUntilAsync(async () => await HeldBlobLocksAsync(api) == 0, "the stopped pass to unlock its blob");

        await InDbAsync(api, db => db.ImportJobs.Where(j => j.Id == job.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, ImportJobStatus.Succeeded).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), Cancellation));
        held.Release();

        await WaitUntilAsync(async () => await PendingAsync(api, ws) == 0, "the Worker to index the file once the import job ended");
        Assert.Contains(await WorkspaceChunksAsync(api, ws), c => c.Symbol == "CapturePaymentAsync");
    }

    [Fact]
    public async Task An_embedded_api_embeds_nothing_while_it_imports_an_upload_itself_and_catches_up_after()
    {
        // Scans are answered at once until the import comes; clamd then holds it, before it writes a file, until the test lets it go.
        await using var clamd = new SilentClamd(silent: false);
        await using var api = await TestHost.Sqlite().WithOpenRegistration().With(Flag, "true").With("Retrieval:Indexing:PollInterval", QuickPolls)
            .With("Uploads:ClamAv:Host", "127.0.0.1").With("Uploads:ClamAv:Port", clamd.Port.ToString(CultureInfo.InvariantCulture)).BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments));
        // The indexer is running and its model loaded: what it leaves pending from now on, it leaves on purpose.
        await WaitUntilAsync(async () => await PendingAsync(api, ws) == 0, "the embedded Api to index the first file");
        var embedded = await InDbAsync(api, db => db.EmbeddedBlobs.CountAsync(Cancellation));

        clamd.Silence();
        var importing = user.UploadAsync(ws, Archives.Zip(
            [("lib/adapters/http.js", Encoding.UTF8.GetBytes(Adapter)), ("shop/routes.py", Encoding.UTF8.GetBytes(Routes))]), "shop.zip");
        await clamd.WaitForUploadAsync(Cancellation);
        // An edit the indexer would embed at its next poll; /edit writes without a scan, so clamd does not hold it.
        using (var edit = await user.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{ws}/edit",
            new { path = "src/Payments/PaymentService.cs", oldString = "CapturePaymentAsync", newString = "ChargePaymentAsync" }))
        {
            Assert.True(edit.IsSuccessStatusCode, $"edit: {(int)edit.StatusCode}");
        }

        // Some thirty polls.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        Assert.False(importing.IsCompleted, "the import ended before clamd answered");
        Assert.Equal(1, await PendingAsync(api, ws));
        Assert.Equal(embedded, await InDbAsync(api, db => db.EmbeddedBlobs.CountAsync(Cancellation)));

        clamd.Answer();
        using (var imported = await importing)
        {
            // 200, not 202: the Api imported it in the request itself.
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        await WaitUntilAsync(async () => await PendingAsync(api, ws) == 0, "the embedded Api to index the edit and the import once it ended");
        var chunks = await WorkspaceChunksAsync(api, ws);
        Assert.Contains(chunks, c => c is { Path: "src/Payments/PaymentService.cs", Symbol: "ChargePaymentAsync" });
        Assert.Contains(chunks, c => c is { Path: "lib/adapters/http.js", Symbol: "httpAdapter" });
        Assert.Contains(chunks, c => c is { Path: "shop/routes.py", Symbol: "list_orders" });
    }

    [Fact]
    public async Task A_server_mode_api_leaves_indexing_to_the_worker()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().With(Flag, "true").With("Retrieval:Indexing:PollInterval", QuickPolls).BuildApiAsync();
        await WarmModelAsync(api);
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Payments/PaymentService.cs", Payments + $"// {Guid.NewGuid():N}\n"));

        // Twenty polls with the model loaded: an Api that indexed would have embedded one small file by then.
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);

        Assert.Equal(1, await PendingAsync(api, ws));
    }

    /// <summary>Loads the Api's model now, so a wait that proves nothing was indexed is not just the model still loading.</summary>
    private static async Task WarmModelAsync(ApiHost api) =>
        await api.Factory.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["warm up"], cancellationToken: Cancellation);

    /// <summary>Files of different content (so different blobs), each with its own chunk texts.</summary>
    private static (string Path, string Content)[] Modules(int count) =>
        [.. Enumerable.Range(0, count).Select(i => ($"src/Module{i}.cs", Payments.Replace("PaymentService", $"PaymentService{i}", StringComparison.Ordinal)))];

    /// <summary>One pass of an indexer of its own (its own scope and DbContext, as a replica has) around <paramref name="generator"/>.</summary>
    private static async Task<int> IndexWithAsync(ApiHost api, IEmbeddingGenerator<string, Embedding<float>> generator, int maxBlobs)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var indexer = new SemanticIndexer(
            scope.ServiceProvider.GetRequiredService<BujjiDbContext>(), generator, scope.ServiceProvider.GetRequiredService<EmbeddingModel>(),
            scope.ServiceProvider.GetRequiredService<SemanticIndexMetrics>(), TimeProvider.System, NullLogger<SemanticIndexer>.Instance);
        return await indexer.IndexPendingAsync(maxBlobs, Cancellation);
    }

    private TestHost Host(string database) => (database == "sqlite" ? TestHost.Sqlite() : TestHost.Postgres(infrastructure)).WithOpenRegistration();

    /// <summary>One pass of the indexer, as the loop runs it; the flag is off in these hosts, so nothing else indexes.</summary>
    private static async Task<int> IndexAsync(ApiHost api)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SemanticIndexer>().IndexPendingAsync(100, Cancellation);
    }

    /// <summary>Text files of the workspace whose content has no embedded_blobs row for the current model.</summary>
    private static Task<int> PendingAsync(ApiHost api, string ws) => InDbAsync(api, db =>
    {
        var model = api.Factory.Services.GetRequiredService<EmbeddingModel>().Id;
        return db.WorkspaceFiles.CountAsync(
            f => f.WorkspaceId == Guid.Parse(ws) && !f.IsBinary && !db.EmbeddedBlobs.Any(e => e.BlobHash == f.Hash && e.Model == model), Cancellation);
    });

    /// <summary>
    /// Semantic index locks (two-key advisory locks under its first key) held by any session on the Api's database, asked on
    /// a connection of its own: reusing one from the Api's pool would reset it (DISCARD ALL) and free its locks uncounted.
    /// </summary>
    private static async Task<long> HeldBlobLocksAsync(ApiHost api)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(api.DatabaseConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND objsubid = 2 AND classid::int8 = $1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (long)PendingBlobLocks.SemanticIndex });
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    /// <summary>The chunks that count for the workspace: those of its files' current content, under the current model.</summary>
    private static Task<List<ChunkRow>> WorkspaceChunksAsync(ApiHost api, string ws) => InDbAsync(api, db =>
    {
        var model = api.Factory.Services.GetRequiredService<EmbeddingModel>().Id;
        var workspaceId = Guid.Parse(ws);
        return (from chunk in db.CodeChunks
                join file in db.WorkspaceFiles on chunk.BlobHash equals file.Hash
                where file.WorkspaceId == workspaceId && chunk.Model == model
                orderby file.Path, chunk.StartLine
                select new ChunkRow(file.Path, chunk.Symbol, chunk.Kind, chunk.StartLine, chunk.EndLine, chunk.Vector.Length)).ToListAsync(Cancellation);
    });

    private static async Task<T> InDbAsync<T>(ApiHost api, Func<BujjiDbContext, Task<T>> query)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BujjiDbContext>());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 2 minutes for {what}.");
            await Task.Delay(100, Cancellation);
        }
    }

    private sealed record ChunkRow(string Path, string? Symbol, string? Kind, int StartLine, int EndLine, int VectorBytes);

    /// <summary>The local model behind a hosted provider's outage: the first <paramref name="failures"/> calls fail.</summary>
    private sealed class FailingGenerator(int failures)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(new MiniLmEmbeddingGenerator(Microsoft.Extensions.Options.Options.Create(new EmbeddingOptions())))
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) <= failures
                ? throw new HttpRequestException("The embedding service is unavailable.")
                : base.GenerateAsync(values, options, cancellationToken);
    }

    /// <summary>The real model, except that it refuses any call holding <paramref name="marker"/>, as a hosted one may refuse a text.</summary>
    private sealed class RefusingGenerator(string marker)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(new MiniLmEmbeddingGenerator(Microsoft.Extensions.Options.Options.Create(new EmbeddingOptions())))
    {
        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            values.Any(v => v.Contains(marker, StringComparison.Ordinal))
                ? throw new HttpRequestException("400: this input is not accepted.")
                : base.GenerateAsync(values, options, cancellationToken);
    }

    /// <summary>Records every text it is asked to embed, by any caller.</summary>
    private sealed class RecordingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public IReadOnlyCollection<string> Texts => _texts;

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            foreach (var text in texts)
            {
                _texts.Enqueue(text);
            }

            return base.GenerateAsync(texts, options, cancellationToken);
        }
    }

    /// <summary>
    /// The real model behind a gate: every call waits, once inside (<see cref="Entered"/>), until its token is cancelled
    /// (<see cref="Cancelled"/>) or the test lets every call through (<see cref="Release"/>).
    /// </summary>
    /// <summary>The local model behind a gate: every call waits until <see cref="Release"/> or its cancellation, and says which came.</summary>
    private sealed class HoldingGenerator()
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(new MiniLmEmbeddingGenerator(Microsoft.Extensions.Options.Options.Create(new EmbeddingOptions())))
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public Task Cancelled => _cancelled.Task;

        public void Release() => _released.TrySetResult();

        public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            _entered.TrySetResult();
            try
            {
                await _released.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _cancelled.TrySetResult();
                throw;
            }

            return await base.GenerateAsync(values, options, cancellationToken);
        }
    }

    /// <summary>Holds every caller until <paramref name="parties"/> have called, then lets them all embed.</summary>
    private sealed class MeetingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, int parties)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        private readonly TaskCompletionSource _met = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _arrived) == parties)
            {
                _met.SetResult();
            }

            await _met.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return await base.GenerateAsync(values, options, cancellationToken);
        }
    }
}
