namespace BujjiCoder.Workspaces.Search;

/// <summary>A line being matched, with its neighbours for the few rules that must look ahead (C# properties).</summary>
public readonly record struct SourceLine(IReadOnlyList<string> Lines, int Index)
{
    public string Text => Lines[Index];

    /// <summary>1-based, as shown to users.</summary>
    public int Number => Index + 1;

    /// <summary>The next non-blank line after this one, within <paramref name="skip"/> further such lines; or "".</summary>
    public string NextNonBlank(int skip = 0)
    {
        for (var i = Index + 1; i < Lines.Count && i <= Index + 10; i++)
        {
            if (!string.IsNullOrWhiteSpace(Lines[i]) && skip-- == 0)
            {
                return Lines[i].Trim();
            }
        }

        return string.Empty;
    }
}
