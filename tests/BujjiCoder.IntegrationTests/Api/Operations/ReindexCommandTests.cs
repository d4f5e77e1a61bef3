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

    private static async Task EmptyIndexAsync(ApiHost api)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().BlobSymbols.ExecuteDeleteAsync(Cancellation);
    }

    private static async Task<bool> FindsDefinitionAsync(ApiHost api, Guid workspace)
    {
        await using var scope = api.Factory.Services.CreateAsyncScope();
        var search = new CodeSearch(scope.ServiceProvider.GetRequiredService<BujjiDbContext>());
        var hits = await search.SymbolAsync(workspace, SearchQuery.Parse("OrderCartTaxService"), 10, Cancellation);
        return hits.Any(h => h is { Symbol: "OrderCartTaxService", Kind: "class", Path: "src/Cart.cs", Line: 3 });
    }
}
