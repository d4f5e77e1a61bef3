using System.Text;
using MAB.DotIgnore;

namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// The .gitignore files of an archive, applied the way git applies them: a .gitignore covers its own directory and
/// everything below it with patterns relative to that directory; the nearest .gitignore with a matching line decides,
/// and within one file the last matching line wins, so '!' negations work; and nothing inside an ignored directory
/// can be re-included. Pattern matching itself is MAB.DotIgnore's.
/// </summary>
public sealed class GitignoreRules
{
    public const string FileName = ".gitignore";

    /// <summary>The most read of one .gitignore; real ones are a few KB, and their content is held in memory.</summary>
    public const long MaxFileBytes = ArchiveLimits.Megabyte;

    public const string MaxFileBytesText = "1 MB, the most read of a .gitignore file";

    /// <summary>Rules across all .gitignore files of one archive: matching costs rules × files, so a hostile archive must not choose it.</summary>
    public const int MaxRules = 10_000;

    private readonly Dictionary<string, (string Source, List<IgnoreRule> Rules)> _byDirectory = new(StringComparer.Ordinal);
    private int _ruleCount;

    /// <summary>Adds the rules of the .gitignore at <paramref name="gitignorePath"/> (a normalised workspace path).</summary>
    public void Add(string gitignorePath, string text)
    {
        var directory = gitignorePath.Length == FileName.Length ? string.Empty : gitignorePath[..^(FileName.Length + 1)];
        var rules = new List<IgnoreRule>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = TrimTrailingSpaces(rawLine.TrimEnd('\r'));
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // A bare "!" or "/" names nothing; MAB.DotIgnore would turn it into an empty pattern.
            var body = line[0] == '!' ? line[1..] : line;
            if (body.Trim('/').Length == 0)
            {
                continue;
            }

            if (++_ruleCount > MaxRules)
            {
                throw new ArchiveRejectedException(ArchiveProblem.TooLarge, $"The archive's .gitignore files hold more than {MaxRules:N0} rules.");
            }

            rules.Add(new IgnoreRule(line, MatchFlags.PATHNAME));
        }

        _byDirectory[directory] = (gitignorePath, rules);
    }

    /// <summary>Decodes a .gitignore as git does: UTF-8 bytes, with any byte order mark dropped.</summary>
    public static string Decode(MemoryStream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)content.Length).TrimStart('\uFEFF');
    }

    /// <summary>Returns the path of the .gitignore that ignores the file at <paramref name="filePath"/>, or null.</summary>
    public string? IgnoredBy(string filePath)
    {
        // Git does not look into an ignored directory, so a file below one stays ignored whatever its own rules say.
        for (var slash = filePath.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = filePath.IndexOf('/', slash + 1))
        {
            if (Decide(filePath[..slash], isDirectory: true) is { } source)
            {
                return source;
            }
        }

        return Decide(filePath, isDirectory: false);
    }

    private string? Decide(string path, bool isDirectory)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];

        // Nearest .gitignore first: for "a/b/c" that is a/b/.gitignore, then a/.gitignore, then the root one.
        for (var cut = path.LastIndexOf('/'); ; cut = path.LastIndexOf('/', cut - 1))
        {
            var directory = cut < 0 ? string.Empty : path[..cut];
            if (_byDirectory.TryGetValue(directory, out var gitignore))
            {
                var relative = cut < 0 ? path : path[(cut + 1)..];
                bool? ignored = null;
                foreach (var rule in gitignore.Rules)
                {
                    if (Matches(rule, relative, name, isDirectory))
                    {
                        ignored = (rule.PatternFlags & PatternFlags.NEGATION) == 0;
                    }
                }

                if (ignored is { } decided)
                {
                    return decided ? gitignore.Source : null;
                }
            }

            if (cut < 0)
            {
                return null;
            }
        }
    }

    // Git matches a pattern without a '/' (other than a trailing one) against the name alone, at any depth; a pattern
    // with one against the path relative to the .gitignore. MAB.DotIgnore would match a slash-less pattern against
    // every segment of the path, so "!docs" would also re-include "docs/x.log"; handing it the name alone avoids that.
    private static bool Matches(IgnoreRule rule, string relative, string name, bool isDirectory)
    {
        var anchored = (rule.PatternFlags & PatternFlags.ABSOLUTE_PATH) != 0 || rule.Pattern.Contains('/', StringComparison.Ordinal);
        return rule.IsMatch(anchored ? relative : name, isDirectory);
    }

    // Git drops trailing spaces unless the last one is escaped with a backslash.
    private static string TrimTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        return line[..end];
    }
}
