using System.Numerics.Tensors;
using BujjiCoder.Workspaces.Semantic.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace BujjiCoder.UnitTests.Semantic;

/// <summary>The local model itself, run for real: these would fail on a model that did not load or pooled the padding.</summary>
public sealed class MiniLmEmbeddingGeneratorTests : IDisposable
{
    private const string Capture = "public void CapturePayment(Order order) { gateway.Capture(order.Total, order.Card); }";
    private const string Headers = "function parseHeaders(raw) { return raw.split('\\n').map(line => line.split(':')); }";

    private readonly IEmbeddingGenerator<string, Embedding<float>> generator = new MiniLmEmbeddingGenerator(Options.Create(new EmbeddingOptions { MaxTokens = 64, BatchSize = 2 }));

    [Fact]
    public async Task Vectors_have_the_models_length_and_unit_norm()
    {
        var vectors = await generator.GenerateAsync([Capture, Headers, "x"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(MiniLmEmbeddingGenerator.Dimensions, v.Vector.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, TensorPrimitives.Norm(v.Vector.Span), 3));
    }

    [Fact]
    public async Task A_text_gets_the_same_vector_alone_and_in_a_batch_padded_to_a_longer_text()
    {
        var alone = await generator.GenerateAsync("x", cancellationToken: TestContext.Current.CancellationToken);
        var batched = await generator.GenerateAsync([Capture, "x"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1.0, TensorPrimitives.CosineSimilarity(alone.Vector.Span, batched[1].Vector.Span), 4);
        Assert.True(TensorPrimitives.CosineSimilarity(alone.Vector.Span, batched[0].Vector.Span) < 0.9);
    }

    [Fact]
    public async Task A_question_in_other_words_is_nearer_the_code_it_is_about()
    {
        var vectors = await generator.GenerateAsync(["where do we charge the credit card?", Capture, Headers], cancellationToken: TestContext.Current.CancellationToken);

        var toCapture = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var toHeaders = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[2].Vector.Span);
        Assert.True(toCapture > toHeaders + 0.1, $"charge/card: {toCapture:F3} to CapturePayment, {toHeaders:F3} to parseHeaders");
    }

    [Fact]
    public async Task Text_beyond_the_token_limit_is_not_read()
    {
        var head = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"word{i}"));

        var vectors = await generator.GenerateAsync([head, head + " and then a very different ending about databases"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1.0, TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[1].Vector.Span), 4);
    }

    public void Dispose() => generator.Dispose();
}
