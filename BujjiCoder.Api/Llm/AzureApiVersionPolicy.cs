using System.ClientModel.Primitives;
using System.Web;

namespace BujjiCoder.Api.Llm;

/// <summary>
/// Sets Azure OpenAI's <c>api-version</c> query parameter. The SDK only offers the versions it was built with as an
/// enum; deployments are pinned to whatever version their operators chose.
/// </summary>
internal sealed class AzureApiVersionPolicy(string apiVersion) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Apply(PipelineMessage message)
    {
        if (message.Request.Uri is not { } uri)
        {
            return;
        }

        var query = HttpUtility.ParseQueryString(uri.Query);
        query["api-version"] = apiVersion;
        message.Request.Uri = new UriBuilder(uri) { Query = query.ToString() }.Uri;
    }
}
