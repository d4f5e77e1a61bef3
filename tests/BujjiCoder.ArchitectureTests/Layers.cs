namespace BujjiCoder.ArchitectureTests;

/// <summary>
/// The allowed dependencies of docs/ARCHITECTURE.md, in one place: between projects, and between the top-level folders
/// (namespaces) inside the Api, the Worker and the Workspaces library. A dependency not listed here fails a test, so a
/// new edge is a decision someone writes down, not an accident.
/// </summary>
internal static class Layers
{
    /// <summary>Which of our projects each project may reference (the AppHost references the services only to run them).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Projects = new Dictionary<string, string[]>
    {
        ["BujjiCoder.ServiceDefaults"] = [],
        ["BujjiCoder.Data"] = [],
        ["BujjiCoder.Workspaces"] = ["BujjiCoder.Data"],
        ["BujjiCoder.Api"] = ["BujjiCoder.ServiceDefaults", "BujjiCoder.Data", "BujjiCoder.Workspaces"],
        ["BujjiCoder.Worker"] = ["BujjiCoder.ServiceDefaults", "BujjiCoder.Data", "BujjiCoder.Workspaces"],
        ["BujjiCoder.AppHost"] = ["BujjiCoder.Api", "BujjiCoder.Worker"],
    };

    /// <summary>
    /// Folder → the folders of the same project it may use. Every folder of the project must be listed (a new folder is
    /// placed in the layering on purpose); lower layers come first.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string[]>> Folders =
        new Dictionary<string, IReadOnlyDictionary<string, string[]>>
        {
            ["BujjiCoder.Workspaces"] = new Dictionary<string, string[]>
            {
                ["Search"] = [],
                ["Files"] = ["Search"],
                ["Diffs"] = ["Files"],
                ["Import"] = ["Files"],
                ["Prompts"] = ["Files", "Search"],
                ["Completion"] = ["Files", "Search"],
            },
            ["BujjiCoder.Worker"] = new Dictionary<string, string[]>
            {
                ["Heartbeat"] = [],
                ["Retention"] = [],
            },
        };
}
