using BujjiCoder.Api.Workspaces.Files;

namespace BujjiCoder.Api.Workspaces.Diffs;

/// <summary>
/// Parses a diff, checks its paths and works out what it does to each file, reading the files through
/// <paramref name="readText"/> (a change in progress when applying, so the result is exact under the lock).
/// </summary>
internal static class DiffPlan
{
    public static IReadOnlyList<FilePatch> Parse(string diff, out string? error)
    {
        error = null;
        IReadOnlyList<FilePatch> patches;
        try
        {
            patches = UnifiedDiffParser.Parse(diff);
        }
        catch (DiffFormatException invalid)
        {
            error = $"{invalid.Message} (diff line {invalid.Line})";
            return [];
        }

        if (patches.Count == 0)
        {
            error = "The diff changes no file.";
            return [];
        }

        foreach (var patch in patches)
        {
            foreach (var path in new[] { patch.OldPath, patch.NewPath }.OfType<string>())
            {
                if (!WorkspacePath.TryNormalize(path, out _, out var pathError))
                {
                    error = $"'{path}': {pathError}";
                    return [];
                }
            }
        }

        if (patches.GroupBy(p => p.Path, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            error = "The diff changes the same file more than once.";
            return [];
        }

        return patches;
    }

    public static async Task<List<(FilePatch Patch, FilePreview Preview, PatchResult Result)>> EvaluateAsync(
        IReadOnlyList<FilePatch> patches, Func<string, Task<(bool Exists, string? Text)>> readText)
    {
        var results = new List<(FilePatch, FilePreview, PatchResult)>();
        foreach (var patch in patches)
        {
            var source = Normalize(patch.OldPath ?? patch.NewPath!);
            var (exists, text) = await readText(source);
            var status = patch.IsNew ? "added" : patch.IsDelete ? "deleted" : patch.OldPath != patch.NewPath ? "renamed" : "modified";
            if (exists && text is null)
            {
                var binary = new HunkConflict(0, 0, $"'{source}' is a binary file; it cannot be patched as text.", [], []);
                results.Add((patch, new FilePreview(Normalize(patch.Path), OldPathOf(patch), status, false, [], [binary], null),
                    new PatchResult(false, null, [], [binary])));
                continue;
            }

            var result = PatchApplier.Apply(exists ? text : null, patch);
            results.Add((patch, new FilePreview(Normalize(patch.Path), OldPathOf(patch), status, result.Applies, result.Hunks, result.Conflicts, result.Text), result));
        }

        return results;
    }

    public static string Normalize(string path) => WorkspacePath.TryNormalize(path, out var normalized, out _) ? normalized : path;

    private static string? OldPathOf(FilePatch patch) => patch.OldPath is null || patch.OldPath == patch.NewPath ? null : Normalize(patch.OldPath);

    /// <summary>Applies an evaluated plan inside a change: writes, deletes and renames.</summary>
    public static async Task ApplyAsync(WorkspaceChange change, IEnumerable<(FilePatch Patch, FilePreview Preview, PatchResult Result)> plan, CancellationToken cancellationToken)
    {
        foreach (var (patch, _, result) in plan)
        {
            var oldPath = patch.OldPath is null ? null : Normalize(patch.OldPath);
            var newPath = patch.NewPath is null ? null : Normalize(patch.NewPath);
            if (oldPath is not null && oldPath != newPath)
            {
                await change.DeleteAsync(oldPath, cancellationToken);
            }

            if (newPath is not null)
            {
                await change.WriteAsync(newPath, FileContent.FromText(result.Text!), cancellationToken, mustNotExist: patch.IsNew || oldPath != newPath);
            }
        }
    }
}
