namespace BujjiCoder.DeploymentTests.Images;

/// <summary>
/// The image tests: one build of the three images (<see cref="BuiltImages"/>) and one small stack running them, for
/// the whole collection. Tests elsewhere that only need the images call <see cref="BuiltImages.GetAsync"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImagesCollection : ICollectionFixture<ImagesFixture>, ICollectionFixture<RunningImages>
{
    public const string Name = "Images";
}

/// <summary>The images of this run, as a collection fixture (<c>[Collection(ImagesCollection.Name)]</c>).</summary>
public sealed class ImagesFixture : IAsyncLifetime
{
    private BuiltImages? _images;

    public BuiltImages Images => _images ?? throw new InvalidOperationException("The images are built in InitializeAsync.");

    public async ValueTask InitializeAsync() => _images = await BuiltImages.GetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
