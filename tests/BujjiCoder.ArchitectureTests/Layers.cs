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
            ["BujjiCoder.Api"] = new Dictionary<string, string[]>
            {
                // Helpers every endpoint uses, then identity, then the features; Hosting composes them all and nothing uses it.
                ["Http"] = [],
                ["Auth"] = ["Http"],
                ["RateLimiting"] = ["Auth", "Http"],
                ["Budgets"] = ["Auth", "Http"],
                ["Usage"] = ["Budgets", "Auth", "Http"],
                ["Uploads"] = ["Auth", "Http"],
                ["Workspaces"] = ["Uploads", "RateLimiting", "Auth", "Http"],
                ["Llm"] = ["Usage", "Budgets", "Auth", "Http"],
                ["Chat"] = ["Llm", "Workspaces", "RateLimiting", "Auth", "Http"],
                ["Composer"] = ["Llm", "Workspaces", "RateLimiting", "Auth", "Http"],
                ["Completion"] = ["Llm", "Workspaces", "Auth", "Http"],
                ["Account"] = ["RateLimiting", "Auth", "Http"],
                ["Admin"] = ["Budgets", "Auth", "Http"],
                ["Info"] = ["Auth", "Http"],
                // Operator commands (migrate, revoke-sessions, …) run instead of the web host; only Program.cs calls them.
                ["Operations"] = ["Auth"],
                ["Hosting"] = ["Account", "Admin", "Auth", "Budgets", "Chat", "Completion", "Composer", "Http", "Info", "Llm", "RateLimiting", "Uploads", "Usage", "Workspaces"],
            },
            ["BujjiCoder.Workspaces"] = new Dictionary<string, string[]>
            {
                ["Search"] = [],
                ["Files"] = ["Search"],
                ["Audit"] = [],
                ["Uploads"] = ["Audit", "Files"],
                ["Diffs"] = ["Files"],
                ["Import"] = ["Files", "Uploads"],
                ["Semantic"] = ["Search"],
                ["Prompts"] = ["Files", "Search", "Semantic"],
                ["Completion"] = ["Files", "Search"],
            },
            ["BujjiCoder.Worker"] = new Dictionary<string, string[]>
            {
                ["Heartbeat"] = [],
                ["Scheduling"] = ["Heartbeat"],
                ["Retention"] = ["Scheduling", "Heartbeat"],
                ["Usage"] = ["Scheduling", "Heartbeat"],
                ["Backups"] = ["Scheduling", "Heartbeat"],
                ["Imports"] = ["Heartbeat"],
                // The semantic indexer's host: the loop itself is the library's (Workspaces/Semantic), shared with the embedded Api.
                ["Indexing"] = [],
            },
        };
}
