namespace BujjiCoder.Worker.Backups;

/// <summary>What a dump file starts with, so a restore refuses another engine's dump (or a still packed file) before touching the target.</summary>
internal static class DumpFiles
{
    public static readonly byte[] PostgresCustom = "PGDMP"u8.ToArray();

    public static readonly byte[] Sqlite = "SQLite format 3\0"u8.ToArray();

    public static void Require(string dumpFile, byte[] magic, string provider)
    {
        var head = new byte[magic.Length];
        using (var stream = File.OpenRead(dumpFile))
        {
            stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (!head.AsSpan().SequenceEqual(magic))
        {
            throw new InvalidOperationException($"{dumpFile} is not a {provider} dump (a backup of the other database kind, or still compressed or encrypted).");
        }
    }
}
