using System.Collections.Frozen;

namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// Maps a workspace path to a lower-case language id, so search can pick symbol rules and filter by language.
/// Decided by the file name alone (no content sniffing): cheap, and the same answer every time for the same path.
/// </summary>
public static class Languages
{
    // Extensions are compared case-insensitively: "Program.CS" on a case-insensitive file system is still C#.
    private static readonly FrozenDictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".cs"] = "csharp",
        [".csx"] = "csharp",
        [".ts"] = "typescript",
        [".tsx"] = "typescript",
        [".mts"] = "typescript",
        [".cts"] = "typescript",
        [".js"] = "javascript",
        [".jsx"] = "javascript",
        [".mjs"] = "javascript",
        [".cjs"] = "javascript",
        [".py"] = "python",
        [".pyi"] = "python",
        [".go"] = "go",
        [".java"] = "java",
        [".rs"] = "rust",
        [".kt"] = "kotlin",
        [".kts"] = "kotlin",
        [".c"] = "c",
        // A bare .h is far more often C (or C-compatible) than C++; C++-only headers use .hpp/.hh.
        [".h"] = "c",
        [".cc"] = "cpp",
        [".cpp"] = "cpp",
        [".cxx"] = "cpp",
        [".hpp"] = "cpp",
        [".hh"] = "cpp",
        [".hxx"] = "cpp",
        [".rb"] = "ruby",
        [".php"] = "php",
        [".swift"] = "swift",
        [".scala"] = "scala",
        [".sc"] = "scala",
        [".sh"] = "shell",
        [".bash"] = "shell",
        [".ps1"] = "powershell",
        [".psm1"] = "powershell",
        [".sql"] = "sql",
        [".html"] = "html",
        [".htm"] = "html",
        [".css"] = "css",
        [".scss"] = "scss",
        [".json"] = "json",
        [".yml"] = "yaml",
        [".yaml"] = "yaml",
        [".xml"] = "xml",
        [".csproj"] = "xml",
        [".props"] = "xml",
        [".targets"] = "xml",
        [".md"] = "markdown",
        [".toml"] = "toml",
        [".dockerfile"] = "dockerfile",
        [".txt"] = "plaintext",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Files known by their whole name, which have no extension to go by.
    private static readonly FrozenDictionary<string, string> ByFileName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Dockerfile"] = "dockerfile",
        ["Containerfile"] = "dockerfile",
        ["Makefile"] = "makefile",
        ["GNUmakefile"] = "makefile",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The language id for <paramref name="path"/> ('/' or '\' separated), or null when unknown.</summary>
    public static string? FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
        if (ByFileName.TryGetValue(name, out var byName))
        {
            return byName;
        }

        var dot = name.LastIndexOf('.');
        return dot >= 0 && ByExtension.TryGetValue(name[dot..], out var byExtension) ? byExtension : null;
    }
}
