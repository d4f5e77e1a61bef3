using DiffPlex;

namespace BujjiCoder.Workspaces.Diffs;

/// <summary>
/// Splits text after each '\n' and keeps it, so "x" at the end of a file without a newline differs from "x\n"
/// and CRLF from LF, as in git. DiffPlex's own line chunkers also split on a lone '\r', which git does not.
/// </summary>
public sealed class NewlineKeepingChunker : IChunker
{
    public static NewlineKeepingChunker Instance { get; } = new();

    public IReadOnlyList<string> Chunk(string str)
    {
        var pieces = new List<string>();
        var start = 0;
        while (start < str.Length)
        {
            var end = str.IndexOf('\n', start);
            var next = end < 0 ? str.Length : end + 1;
            pieces.Add(str[start..next]);
            start = next;
        }

        return pieces;
    }
}
