namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// The text is not a unified diff this engine can read. <see cref="Line"/> is the 1-based line of the diff at
/// fault, and the message names it too, so it can be shown to a person or fed back to a model as it is.
/// </summary>
public sealed class DiffFormatException(string message, int line) : Exception($"Line {line} of the diff: {message}")
{
    public int Line { get; } = line;
}
