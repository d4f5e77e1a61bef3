namespace BujjiCoder.Benchmarks.Performance;

/// <summary>One simulated user: an account signed in through the Api, the shared workspace it edits, its conversations.</summary>
internal sealed class SimulatedUser(int index, string id, string token, BenchWorkspace workspace)
{
    public int Index { get; } = index;

    public string Id { get; } = id;

    public string Token { get; } = token;

    public BenchWorkspace Workspace { get; } = workspace;

    /// <summary>Where this user saves: a file of its own, so concurrent saves by others in the workspace are not conflicts.</summary>
    public string ScratchPath => $"notes/user-{Index:D4}.md";

    /// <summary>The ETag of the user's last save, sent as If-Match on the next (as the editor does).</summary>
    public string? ScratchETag { get; set; }

    public int Saves { get; set; }

    public string ChatConversation { get; set; } = "";

    /// <summary>A conversation on the slow model, for the phase that holds every user's stream open at once.</summary>
    public string HoldConversation { get; set; } = "";
}
