namespace BujjiCoder.DeploymentTests.Compose;

/// <summary>The compose tests share one stack: bringing one up takes minutes on a shared machine.</summary>
[CollectionDefinition(Name)]
public sealed class ComposeCollection : ICollectionFixture<ComposeStack>
{
    public const string Name = "Compose stack";
}
