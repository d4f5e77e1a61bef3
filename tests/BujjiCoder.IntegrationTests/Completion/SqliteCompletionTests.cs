using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Completion;

/// <summary>The fast path on SQLite: the symbol query is the same LINQ, so the ranking must come out the same.</summary>
public sealed class SqliteCompletionTests(SqliteWorkspaceHost host) : IClassFixture<SqliteWorkspaceHost>
{
    [Fact]
    public Task Prefixes_rank_by_case_then_definition_then_buffer() =>
        CompletionScenarios.PrefixesRankByCaseThenDefinitionThenBufferAsync(host.Factory.CreateClient());

    [Fact]
    public Task Unsaved_content_is_used_instead_of_the_stored_file() =>
        CompletionScenarios.UnsavedContentIsUsedInsteadOfTheStoredFileAsync(host.Factory.CreateClient());
}
