namespace BujjiCoder.Workspaces.Search;

/// <summary>One hit: a 1-based line of a file, the line itself (trimmed) and a score where higher is better.</summary>
public sealed record SearchHit(string Path, int Line, string Snippet, double Score, string? Symbol = null, string? Kind = null);
