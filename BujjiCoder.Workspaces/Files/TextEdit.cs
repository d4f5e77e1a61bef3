namespace BujjiCoder.Workspaces.Files;

public sealed record TextEditResult(string Text, int Replacements);

/// <summary>Exact search and replace: the old string must occur once, or any number of times with replaceAll.</summary>
public static class TextEdit
{
    public static TextEditResult Replace(string text, string oldString, string newString, bool replaceAll, string path, long maxBytes)
    {
        var count = Occurrences(text, oldString);
        if (count == 0)
        {
            throw new WorkspaceChangeException(ChangeFailure.Conflict, $"The old string was not found in '{path}'.", path);
        }

        if (count > 1 && !replaceAll)
        {
            throw new WorkspaceChangeException(ChangeFailure.Conflict,
                $"The old string occurs {count} times in '{path}'; add context to make it unique, or set replaceAll.", path);
        }

        // Checked before the result is built: a one-character old string replaced everywhere by a long one
        // could otherwise ask for gigabytes. (Characters bound UTF-8 bytes from below; the store checks bytes.)
        if (text.Length + ((long)count * (newString.Length - oldString.Length)) > maxBytes)
        {
            throw new WorkspaceChangeException(ChangeFailure.LimitExceeded, $"The edit would make '{path}' larger than {maxBytes:N0} bytes.", path);
        }

        return new TextEditResult(text.Replace(oldString, newString, StringComparison.Ordinal), count);
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
