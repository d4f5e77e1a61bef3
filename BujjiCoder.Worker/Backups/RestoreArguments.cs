namespace BujjiCoder.Worker.Backups;

/// <summary>
/// <c>restore --backup &lt;id|path&gt; [--target &lt;connection string&gt;] [--force]</c>, or <c>restore --list</c>. Parsed
/// here rather than by the configuration's command-line provider, which would read <c>--force --target x</c> as force = "--target".
/// </summary>
internal sealed record RestoreArguments(string? Backup, string? Target, bool Force, bool List)
{
    public const string Usage =
        "Usage: restore --backup <id|path of a .backup file> [--target <connection string>] [--force]\n"
        + "       restore --list\n"
        + "Restores into ConnectionStrings:bujjidb (or the SQLite file of embedded mode) unless --target names another database;\n"
        + "a database that holds tables is replaced only with --force. Stop the Api and the Worker first.";

    public static RestoreArguments? Parse(IReadOnlyList<string> args)
    {
        string? backup = null, target = null;
        bool force = false, list = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--backup" when i + 1 < args.Count && backup is null:
                    backup = args[++i];
                    break;
                case "--target" when i + 1 < args.Count && target is null:
                    target = args[++i];
                    break;
                case "--force":
                    force = true;
                    break;
                case "--list":
                    list = true;
                    break;
                default:
                    return null;
            }
        }

        return list == (backup is null) && !(list && (target is not null || force)) ? new RestoreArguments(backup, target, force, list) : null;
    }
}
