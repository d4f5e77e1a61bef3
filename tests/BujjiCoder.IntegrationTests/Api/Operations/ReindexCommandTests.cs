using BujjiCoder.Data;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.IntegrationTests.Workspaces;
using BujjiCoder.Workspaces.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Api.Operations;

/// <summary>"Rebuild the search index" of docs/RUNBOOK.md, run as written while the Api serves.</summary>
public sealed class ReindexCommandTests(TestInfrastructure infrastructure)
{
    private const string EverythingCommand = "dotnet BujjiCoder.Api.dll reindex";
    private const string OneWorkspaceCommand = "dotnet BujjiCoder.Api.dll reindex --workspace <id>";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Symbol_search_finds_a_definition_again_after_its_emptied_index_is_rebuilt()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(),
            ("src/Cart.cs", "namespace Shop;\n\npublic class OrderCartTaxService\n{\n}\n"), ("README.md", "# Shop\n"));
        var workspace = Guid.Parse(ws);
        Assert.True(await FindsDefinitionAsync(api, workspace));

        await EmptyIndexAsync(api);
        Assert.False(await FindsDefinitionAsync(api, workspace));
        var (exit, output) = await Runbook.RunApiCommandAsync(EverythingCommand, infrastructure, api.DatabaseConnectionString);

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains("rebuilt the database's text indexes", output, StringComparison.Ordinal);
        Assert.True(await FindsDefinitionAsync(api, workspace));

        await EmptyIndexAsync(api);
        (exit, output) = await Runbook.RunApiCommandAsync(OneWorkspaceCommand, infrastructure, api.DatabaseConnectionString,
            new Dictionary<string, string> { ["<id>"] = ws });

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains($"of workspace {workspace}", output, StringComparison.Ordinal);
        Assert.True(await FindsDefinitionAsync(api, workspace));
    }

    [Fact]
    public async Task In_embedded_mode_text_and_symbol_search_find_a_file_again_after_the_emptied_full_text_table_is_rebuilt()
    {
        using var data = TemporaryDirectory.Create("bujji-sqlite");
        await using var api = await TestHost.Sqlite(data.Path).WithOpenRegistration().BuildApiAsync();
        var (_, ws) = await WorkspaceClient.WithWorkspaceAsync(api.Factory.CreateClient(), ("src/Cart.cs", "public class OrderCartTaxService\n{\n}\n"));
        var workspace = Guid.Parse(ws);
        Assert.True(await FindsTextAsync(api, workspace));

        await EmptyIndexAsync(api);
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().Database
                .ExecuteSqlRawAsync("INSERT INTO file_blobs_fts(file_blobs_fts) VALUES('delete-all')", Cancellation);
        }

        Assert.False(await FindsTextAsync(api, workspace));
        var (exit, output) = await Runbook.RunEmbeddedApiCommandAsync(EverythingCommand, data.Path);

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.True(await FindsTextAsync(api, workspace));
        Assert.True(await FindsDefinitionAsync(api, workspace, line: 1));
    }

    private static async Task EmptyIndexAsync(ApiHost api)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().BlobSymbols.ExecuteDeleteAsync(Cancellation);
    }

    private static async Task<bool> FindsTextAsync(ApiHost api, Guid workspace)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var search = new CodeSearch(scope.ServiceProvider.GetRequiredService<BujjiDbContext>());
        return (await search.TextAsync(workspace, SearchQuery.Parse("CartTax"), 10, Cancellation)).Any(h => h.Path == "src/Cart.cs");
    }

    private static async Task<bool> FindsDefinitionAsync(ApiHost api, Guid workspace, int line = 3)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var search = new CodeSearch(scope.ServiceProvider.GetRequiredService<BujjiDbContext>());
        var hits = await search.SymbolAsync(workspace, SearchQuery.Parse("OrderCartTaxService"), 10, Cancellation);
        return hits.Any(h => h is { Symbol: "OrderCartTaxService", Kind: "class", Path: "src/Cart.cs" } && h.Line == line);
    }
}
