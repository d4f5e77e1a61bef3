using System.Net.Http.Json;
using BujjiCoder.Benchmarks.Performance;

namespace BujjiCoder.Benchmarks.Retrieval;

/// <summary>GET /api/v1/workspaces/{ws}/search/index, as the contract states it.</summary>
internal sealed record SemanticIndexState(bool Enabled, string Model, string VectorStore, int Files, int IndexedFiles, int PendingFiles, long Chunks, DateTime? LastIndexedAt)
{
    public static async Task<SemanticIndexState> GetAsync(HttpClient client, string token, string workspaceId)
    {
        using var request = BenchWorkspace.Authorized(HttpMethod.Get, $"/api/v1/workspaces/{workspaceId}/search/index", token);
        using var response = await client.SendAsync(request);
        return (await BenchWorkspace.Succeeded(response).Content.ReadFromJsonAsync<SemanticIndexState>())!;
    }
}
