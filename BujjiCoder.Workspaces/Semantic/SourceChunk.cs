namespace BujjiCoder.Workspaces.Semantic;

/// <summary>
/// A piece of a text file to embed: lines <see cref="StartLine"/> to <see cref="EndLine"/> (1-based, inclusive), the
/// definition it starts at when it starts at one (<see cref="Symbol"/>, lower-case <see cref="Kind"/>), and
/// <see cref="Text"/>, what the model reads: the file's path, a newline, then the lines (very long lines cut).
/// </summary>
public sealed record SourceChunk(int StartLine, int EndLine, string? Symbol, string? Kind, string Text);
