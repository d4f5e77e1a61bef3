using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// Uploads (workspace imports and raw file writes) are checked before anything is written: their type by content as
/// well as by name, and their content by a real clamd loaded with an EICAR signature. Scanning fails closed: a
/// configured scanner that does not answer refuses uploads rather than letting them through unscanned.
/// </summary>
public sealed class Api08UploadScanningTests(ScanningApiHost host, TestInfrastructure infrastructure) : IClassFixture<ScanningApiHost>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string> ArchiveKinds => ["zip", "tar.gz"];

    [Theory]
    [MemberData(nameof(ArchiveKinds))]
    public async Task Eicar_inside_an_imported_archive_is_refused_audited_and_nothing_is_written(string kind)
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("existing.txt", "untouched\n"));
        var archive = kind == "zip"
            ? Archives.Zip([("src/ok.txt", "fine\n"u8.ToArray()), ("docs/readme.txt", Eicar.Bytes())])
            : Archives.TarGz(Archives.TarFile("src/ok.txt", "fine\n"), Archives.TarFile("docs/readme.txt", Eicar.Text()));

        using var response = await user.UploadAsync(ws, archive, "project." + kind);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("https://bujjicoder.dev/problems/malware-detected", problem.GetProperty("type").GetString());
        var signature = problem.GetProperty("signature").GetString()!;
        Assert.StartsWith(ClamdServer.EicarSignature, signature, StringComparison.Ordinal);
        Assert.Contains(signature, problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        await AssertUntouchedAsync(user, ws);

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().AuditEvents
            .SingleAsync(e => e.Action == "upload.malware" && e.Target == ws, Cancellation);
        Assert.Equal(user.UserId, audit.ActorId);
        Assert.Equal("denied", audit.Outcome);
        Assert.Equal(signature, audit.Detail);
    }

    [Fact]
    public async Task Eicar_in_an_import_large_enough_to_run_as_a_job_fails_the_job_and_nothing_is_written()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("existing.txt", "untouched\n"));
        var random = new Random(11);
        var noise = new byte[(int)WorkspaceHost.SynchronousImportMaxBytes * 2];
        random.NextBytes(noise);
        var archive = Archives.Zip([("data/noise.bin", noise), ("data/eicar.com", Eicar.Bytes())]);

        using var response = await user.UploadAsync(ws, archive, "big.zip");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await user.FinishedImportJobAsync(ws, response);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        var error = job.GetProperty("error");
        Assert.Equal(422, error.GetProperty("status").GetInt32());
        Assert.Equal("https://bujjicoder.dev/problems/malware-detected", error.GetProperty("type").GetString());
        Assert.Equal(0, job.GetProperty("filesWritten").GetInt32());
        await AssertUntouchedAsync(user, ws);
    }

    [Fact]
    public async Task Eicar_written_as_a_raw_file_is_refused_and_nothing_is_written()
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("existing.txt", "untouched\n"));

        using var created = await user.PutFileAsync(ws, "tools/eicar.com", Eicar.Bytes());
        using var replaced = await user.PutFileAsync(ws, "existing.txt", Eicar.Bytes());

        foreach (var response in new[] { created, replaced })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.EndsWith("/malware-detected", await Auth.AuthClient.ProblemTypeAsync(response), StringComparison.Ordinal);
        }

        await AssertUntouchedAsync(user, ws);
    }

    [Fact]
    public async Task Clean_imports_and_writes_are_accepted_with_scanning_on()
    {
        var user = await WorkspaceClient.SignUpAsync(host.Factory.CreateClient());
        var ws = await user.CreateWorkspaceAsync();
        // Text that merely mentions the test file, and a piece of it, is not the test file.
        var mention = "This project is tested with the " + Eicar.Text()[..20] + " EICAR file.\n";

        using var zip = await user.UploadAsync(ws, Archives.Zip(("src/main.py", "print('hi')\n"), ("NOTES.md", mention)), "project.zip");
        using var tarGz = await user.UploadAsync(ws, Archives.TarGz(Archives.TarFile("lib/util.go", "package lib\n")), "more.tgz");
        using var put = await user.PutFileAsync(ws, "src/extra.py", "x = 1\n");

        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tarGz.StatusCode);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(mention, await user.ReadAsync(ws, "NOTES.md"));
        Assert.Equal("package lib\n", await user.ReadAsync(ws, "lib/util.go"));
        Assert.Equal(3, await user.RevisionCountAsync(ws));
    }

    [Fact]
    public async Task A_configured_scanner_that_does_not_answer_refuses_uploads_with_503_and_nothing_is_written()
    {
        // A port nobody listens on: the scanner is configured but down.
        await using var down = await HostPresets.SmallWorkspaces(TestHost.Postgres(infrastructure)).WithSettings(new Dictionary<string, string?>
        {
            ["Uploads:ClamAv:Host"] = "127.0.0.1",
            ["Uploads:ClamAv:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Uploads:ClamAv:ConnectTimeout"] = "00:00:02",
        }).BuildApiAsync();
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(down.Factory.CreateClient());
        var noise = new byte[(int)WorkspaceHost.SynchronousImportMaxBytes * 2];
        new Random(3).NextBytes(noise);

        using var import = await user.UploadAsync(ws, Archives.Zip(("src/main.py", "print('hi')\n")), "project.zip");
        using var put = await user.PutFileAsync(ws, "src/main.py", "print('hi')\n");
        using var jobImport = await user.UploadAsync(ws, Archives.Zip([("data/noise.bin", noise)]), "big.zip");

        foreach (var response in new[] { import, put })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.EndsWith("/scanner-unavailable", await Auth.AuthClient.ProblemTypeAsync(response), StringComparison.Ordinal);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        var job = await user.FinishedImportJobAsync(ws, jobImport);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal(503, job.GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal(0, (await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?recursive=true")).GetArrayLength());
        Assert.Equal(0, await user.RevisionCountAsync(ws));

        // Readiness names the scanner but stays 200: everything except uploads still works.
        using var ready = await down.Factory.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative), Cancellation);
        var health = await ready.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("clamav").GetString());
    }

    public static TheoryData<string, string> MismatchedUploads => new()
    {
        { "gzip-named-zip", "archive-type-mismatch" },
        { "zip-named-tar-gz", "archive-type-mismatch" },
        { "text-named-zip", "unsupported-archive" },
        { "gzip-of-text-named-tgz", "unsupported-archive" },
        { "zip-named-exe", "unsupported-archive" },
    };

    [Theory]
    [MemberData(nameof(MismatchedUploads))]
    public async Task An_upload_whose_content_is_not_what_its_name_says_is_415_and_nothing_is_written(string kind, string problem)
    {
        var (user, ws) = await WorkspaceClient.WithWorkspaceAsync(host.Factory.CreateClient(), ("existing.txt", "untouched\n"));
        var tarGz = Archives.TarGz(Archives.TarFile("a.txt", "a\n"));
        var zip = Archives.Zip(("a.txt", "a\n"));
        var (content, name) = kind switch
        {
            "gzip-named-zip" => (tarGz, "project.zip"),
            "zip-named-tar-gz" => (zip, "project.tar.gz"),
            "text-named-zip" => ("just some notes, not an archive\n"u8.ToArray(), "notes.zip"),
            "gzip-of-text-named-tgz" => (Gzip(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("plain text, no tar header. ", 50)))), "project.tgz"),
            _ => (zip, "setup.exe"),
        };

        using var response = await user.UploadAsync(ws, content, name);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("https://bujjicoder.dev/problems/" + problem, await Auth.AuthClient.ProblemTypeAsync(response));
        await AssertUntouchedAsync(user, ws);
    }

    /// <summary>The workspace still holds only what <see cref="WorkspaceClient.WithWorkspaceAsync"/> wrote: one file, one revision.</summary>
    private static async Task AssertUntouchedAsync(WorkspaceClient user, string ws)
    {
        var tree = await user.GetJsonAsync($"/api/v1/workspaces/{ws}/tree?recursive=true");
        Assert.Equal(["existing.txt"], tree.EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Equal("untouched\n", await user.ReadAsync(ws, "existing.txt"));
        Assert.Equal(1, await user.RevisionCountAsync(ws));
    }
    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    private static int FreePort() => BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort();
}
