namespace BujjiCoder.ArchitectureTests;

public sealed class FolderDependencyTests
{
    public static TheoryData<string> Assemblies => [.. Layers.Folders.Keys];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Folders_depend_on_each_other_one_way_only(string assembly)
    {
        var graph = FolderGraph.Of(assembly);

        var tangles = graph.Tangles().Select(group => string.Join(" ⇄ ", group)).ToList();

        Assert.True(tangles.Count == 0, $"{assembly} has folders that depend on each other:\n" + string.Join("\n", tangles));
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Each_folder_uses_only_the_folders_its_layer_allows(string assembly)
    {
        var graph = FolderGraph.Of(assembly);
        var allowed = Layers.Folders[assembly];

        var unplaced = graph.Edges.Keys.Except(allowed.Keys).ToList();
        var forbidden = graph.Edges
            .SelectMany(edge => edge.Value.Select(to => (From: edge.Key, To: to)))
            .Where(edge => allowed.TryGetValue(edge.From, out var may) && !may.Contains(edge.To))
            .Select(edge => $"{edge.From} → {edge.To}")
            .ToList();

        Assert.True(unplaced.Count == 0, $"Folders of {assembly} missing from Layers.Folders: {string.Join(", ", unplaced)}");
        Assert.True(forbidden.Count == 0, $"{assembly} has dependencies its layering does not allow:\n" + string.Join("\n", forbidden));
    }
}
