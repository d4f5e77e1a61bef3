using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// Refuses <c>Retrieval:VectorStore=Pgvector</c> on SQLite at start-up, as a configuration error naming the key, rather than
/// as a failure of the first search. The database registration has already chosen the provider; asking the model for it
/// opens no connection.
/// </summary>
internal sealed class VectorStoreValidation(IServiceScopeFactory scopes) : IValidateOptions<VectorSearchOptions>
{
    public ValidateOptionsResult Validate(string? name, VectorSearchOptions options)
    {
        if (options.VectorStore != VectorStoreKind.Pgvector)
        {
            return ValidateOptionsResult.Success;
        }

        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<BujjiDbContext>().Database.IsNpgsql()
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{VectorSearchOptions.SectionName}:VectorStore is Pgvector, which needs PostgreSQL with the pgvector extension; this server runs on SQLite. Use Exact.");
    }
}
