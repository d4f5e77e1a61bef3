namespace BujjiCoder.Workspaces.Diffs;

/// <summary>What the parser has gathered about one file so far: git's extended headers, ---/+++ paths, hunks.</summary>
public sealed class PendingFilePatch(int headerLine)
{
    private const string DevNull = "/dev/null";

    private readonly List<Hunk> _hunks = [];
    private readonly List<int> _hunkLines = [];
    private bool _isGit;
    private bool _gitPrefixed;
    private string? _gitOldPath;
    private string? _gitNewPath;
    private bool _gitCreates;
    private bool _gitDeletes;
    private string? _renameFrom;
    private string? _renameTo;
    private bool _hasPathLines;
    private string? _minusPath;
    private string? _plusPath;

    /// <summary>A "diff --git" block takes the ---/+++ lines that follow it; anything else starts a new file.</summary>
    public bool AwaitsPathLines => _isGit && !_hasPathLines && _hunks.Count == 0;

    public static PendingFilePatch FromGitHeader(string line, int lineNumber)
    {
        var file = new PendingFilePatch(lineNumber) { _isGit = true };
        var (oldPath, newPath) = SplitGitPaths(line["diff --git ".Length..].TrimEnd('\r'));
        file._gitPrefixed = oldPath.StartsWith("a/", StringComparison.Ordinal) && newPath.StartsWith("b/", StringComparison.Ordinal);
        file._gitOldPath = file._gitPrefixed ? oldPath[2..] : oldPath;
        file._gitNewPath = file._gitPrefixed ? newPath[2..] : newPath;
        return file;
    }

    public void ReadExtendedHeader(string line, int lineNumber)
    {
        if (!AwaitsPathLines)
        {
            return;
        }

        line = line.TrimEnd('\r');
        if (line.StartsWith("new file mode", StringComparison.Ordinal))
        {
            _gitCreates = true;
        }
        else if (line.StartsWith("deleted file mode", StringComparison.Ordinal))
        {
            _gitDeletes = true;
        }
        else if (line.StartsWith("rename from ", StringComparison.Ordinal))
        {
            _renameFrom = PathOf(line["rename from ".Length..], lineNumber);
        }
        else if (line.StartsWith("rename to ", StringComparison.Ordinal))
        {
            _renameTo = PathOf(line["rename to ".Length..], lineNumber);
        }
        else if (line.StartsWith("copy from ", StringComparison.Ordinal) || line.StartsWith("copy to ", StringComparison.Ordinal))
        {
            throw new DiffFormatException("Copy patches are unsupported; send the copy as a new file.", lineNumber);
        }
    }

    public void SetPathLines(string minus, string plus, int lineNumber)
    {
        _hasPathLines = true;
        _minusPath = PathOf(minus[4..], lineNumber);
        _plusPath = PathOf(plus[4..], lineNumber + 1);
    }

    public void AddHunk(Hunk hunk, int lineNumber)
    {
        _hunks.Add(hunk);
        _hunkLines.Add(lineNumber);
    }

    public FilePatch Build()
    {
        string? oldPath, newPath;
        if (_hasPathLines)
        {
            // Only a pair of a/ and b/ (or git's own header) shows those are prefixes rather than directories;
            // beside /dev/null (a created or deleted file) the one side present is read as git writes it.
            var strip = _isGit
                ? _gitPrefixed
                : (_minusPath ?? _plusPath) is not null
                    && (_minusPath is null || _minusPath.StartsWith("a/", StringComparison.Ordinal))
                    && (_plusPath is null || _plusPath.StartsWith("b/", StringComparison.Ordinal));
            oldPath = strip ? WithoutPrefix(_minusPath, "a/") : _minusPath;
            newPath = strip ? WithoutPrefix(_plusPath, "b/") : _plusPath;
        }
        else
        {
            oldPath = _gitCreates ? null : _gitOldPath;
            newPath = _gitDeletes ? null : _gitNewPath;
        }

        if (oldPath is not null && newPath is not null)
        {
            oldPath = _renameFrom ?? oldPath;
            newPath = _renameTo ?? newPath;
        }

        Validate(oldPath, newPath);
        return new FilePatch(oldPath, newPath, _hunks);
    }

    private void Validate(string? oldPath, string? newPath)
    {
        if (oldPath is null && newPath is null)
        {
            throw new DiffFormatException("Both sides of the file header are /dev/null.", headerLine);
        }

        if (oldPath?.Length == 0 || newPath?.Length == 0)
        {
            throw new DiffFormatException("The file header has an empty path.", headerLine);
        }

        var renames = oldPath is not null && newPath is not null && !string.Equals(oldPath, newPath, StringComparison.Ordinal);
        if (_hunks.Count == 0 && oldPath is not null && newPath is not null && !renames)
        {
            throw new DiffFormatException($"The patch for \"{newPath}\" has no hunks (\"@@ -start,count +start,count @@\" followed by lines).", headerLine);
        }

        for (var i = 0; i < _hunks.Count; i++)
        {
            if (oldPath is null && _hunks[i].Lines.Any(line => line.Kind != HunkLineKind.Added))
            {
                throw new DiffFormatException($"The patch creates \"{newPath}\", so its hunks may only add lines ('+').", _hunkLines[i]);
            }

            if (newPath is null && _hunks[i].Lines.Any(line => line.Kind != HunkLineKind.Removed))
            {
                throw new DiffFormatException($"The patch deletes \"{oldPath}\", so its hunks may only remove lines ('-').", _hunkLines[i]);
            }
        }
    }

    private static string? WithoutPrefix(string? path, string prefix) =>
        path is not null && path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;

    /// <summary>
    /// A path on a ---/+++ or rename line: quoted as git writes odd names, or up to a tab, after which diff -u
    /// puts a timestamp. Null for /dev/null.
    /// </summary>
    private static string? PathOf(string text, int lineNumber)
    {
        text = text.TrimEnd('\r');
        string path;
        if (text.StartsWith('"'))
        {
            path = GitPathSyntax.Unquote(text, out _)
                ?? throw new DiffFormatException("A quoted path has no closing quote.", lineNumber);
        }
        else
        {
            var tab = text.IndexOf('\t', StringComparison.Ordinal);
            path = (tab < 0 ? text : text[..tab]).TrimEnd(' ');
        }

        if (path.Length == 0)
        {
            throw new DiffFormatException("The file header has an empty path.", lineNumber);
        }

        return path == DevNull ? null : path;
    }

    /// <summary>
    /// Splits "a/x b/y". Unquoted paths may hold spaces, so the usual case of one path twice is found by halving
    /// the line; otherwise the split is at " b/".
    /// </summary>
    private static (string Old, string New) SplitGitPaths(string rest)
    {
        if (rest.StartsWith('"'))
        {
            var first = GitPathSyntax.Unquote(rest, out var after) ?? rest;
            after = after.TrimStart(' ');
            return (first, after.StartsWith('"') ? GitPathSyntax.Unquote(after, out _) ?? after : after);
        }

        var quoted = rest.IndexOf(" \"", StringComparison.Ordinal);
        if (quoted >= 0)
        {
            var second = rest[(quoted + 1)..];
            return (rest[..quoted], GitPathSyntax.Unquote(second, out _) ?? second);
        }

        if (rest.Length % 2 == 1 && rest[rest.Length / 2] == ' ')
        {
            var left = rest[..(rest.Length / 2)];
            var right = rest[(rest.Length / 2 + 1)..];
            if (string.Equals(WithoutPrefix(left, "a/"), WithoutPrefix(right, "b/"), StringComparison.Ordinal))
            {
                return (left, right);
            }
        }

        var split = rest.IndexOf(" b/", StringComparison.Ordinal);
        if (split < 0)
        {
            split = rest.IndexOf(' ', StringComparison.Ordinal);
        }

        return split < 0 ? (rest, rest) : (rest[..split], rest[(split + 1)..]);
    }
}
