using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Workspaces.Diffs;

/// <summary>One file of a diff, worked out against the workspace.</summary>
public sealed record PlannedPatch(FilePatch Patch, FilePreview Preview, PatchResult Result);

/// <summary>
/// Parses a diff, checks its paths and works out what it does to each file, reading the files through
/// a callback (a change in progress when applying, so the result is exact under the workspace's lock).
/// </summary>
public static class DiffPlan
{
    /// <summary>The diff's file patches with normalised paths, or an error saying why the diff is unusable.</summary>
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
            error = invalid.Message;
            return [];
        }

        var normalized = new List<FilePatch>(patches.Count);
        foreach (var patch in patches)
        {
            if (!TryNormalize(patch.OldPath, out var oldPath, out error) || !TryNormalize(patch.NewPath, out var newPath, out error))
            {
                return [];
            }

            normalized.Add(patch with { OldPath = oldPath, NewPath = newPath });
        }

        if (normalized.Count == 0)
        {
            error = "The diff changes no file.";
        }
        else if (normalized.SelectMany(p => new[] { p.OldPath, p.NewPath }.OfType<string>().Distinct()).GroupBy(p => p, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            error = "The diff touches the same file more than once.";
        }

        return error is null ? normalized : [];
    }

    public static async Task<List<PlannedPatch>> EvaluateAsync(IReadOnlyList<FilePatch> patches, Func<string, Task<(bool Exists, string? Text)>> readText)
    {
        var plan = new List<PlannedPatch>();
        foreach (var patch in patches)
        {
            var source = patch.OldPath ?? patch.NewPath!;
            var (exists, text) = await readText(source);
            var status = patch.IsNew ? "added" : patch.IsDelete ? "deleted" : patch.IsRename ? "renamed" : "modified";
            var refusal = exists && text is null ? $"'{source}' is a binary file; it cannot be patched as text."
                : patch.IsRename && (await readText(patch.NewPath!)).Exists ? $"'{patch.NewPath}' already exists; a rename cannot overwrite it."
                : null;
            var result = refusal is null
                ? PatchApplier.Apply(exists ? text : null, patch)
                : new PatchResult(false, null, [], [new HunkConflict(0, 0, refusal, [], [])]);
            plan.Add(new PlannedPatch(patch, new FilePreview(patch.Path, patch.IsRename ? patch.OldPath : null, status, result.Applies, result.Hunks, result.Conflicts, result.Text), result));
        }

        return plan;
    }

    /// <summary>Applies an evaluated plan inside a change: deletions and rename sources first, then writes.</summary>
    public static async Task ApplyAsync(WorkspaceChange change, IReadOnlyList<PlannedPatch> plan, CancellationToken cancellationToken)
    {
        foreach (var planned in plan.Where(p => p.Patch.IsDelete || p.Patch.IsRename))
        {
            await change.DeleteAsync(planned.Patch.OldPath!, cancellationToken);
        }

        foreach (var planned in plan.Where(p => !p.Patch.IsDelete))
        {
            await change.WriteAsync(planned.Patch.NewPath!, FileContent.FromText(planned.Result.Text!), cancellationToken);
        }
    }

    private static bool TryNormalize(string? path, out string? normalized, out string? error)
    {
        normalized = null;
        error = null;
        if (path is null)
        {
            return true;
        }

        if (!WorkspacePath.TryNormalize(path, out var valid, out var reason))
        {
            error = $"'{path}': {reason}";
            return false;
        }

        normalized = valid;
        return true;
    }
}
