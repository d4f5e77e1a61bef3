using System.Diagnostics;
using System.Globalization;
using BujjiCoder.ServiceDefaults.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// The one-shot restore an operator runs with the Api and the Worker stopped (docs/RUNBOOK.md):
/// <c>dotnet BujjiCoder.Worker.dll restore --backup &lt;id|path&gt; [--target &lt;connection string&gt;] [--force]</c>.
/// Finds the backup (by id in the configured destinations, or a packed file with its manifest beside it), checks and unpacks
/// it, restores it, and compares every table with the manifest. Serves nothing, runs no job.
/// </summary>
internal static class RestoreCommand
{
    public const string Name = "restore";

    /// <summary>Restored and every table matched the backup.</summary>
    public const int Restored = 0;

    /// <summary>Anything that went wrong: no such backup, a damaged or undecryptable file, a failed restore, a table that differs.</summary>
    public const int Failed = 1;

    public const int BadUsage = 2;

    /// <summary>Nothing was changed: the target holds tables and --force was not given, or other sessions have it open.</summary>
    public const int Refused = 3;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (RestoreArguments.Parse(args[1..]) is not { } arguments)
        {
            Console.Error.WriteLine(RestoreArguments.Usage);
            return BadUsage;
        }

        if (!app.TryValidateConfiguration())
        {
            return Failed;
        }

        // Ctrl+C stops pg_restore and drops what it half made, rather than killing the process mid-way.
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler cancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += cancel;
        try
        {
            var services = app.Services;
            var destinations = services.GetServices<IBackupDestination>().ToList();
            return arguments.List
                ? await ListAsync(destinations, cancellation.Token)
                : await RestoreAsync(services, destinations, arguments, cancellation.Token);
        }
        catch (RestoreRefusedException refused)
        {
            Console.Error.WriteLine($"Refused: {refused.Message} Nothing was changed.");
            return Refused;
        }
        catch (Exception exception) when (exception is InvalidOperationException or InvalidDataException or IOException or NpgsqlException or SqliteException
            or BackupKeyMissingException or ArgumentException)
        {
            Console.Error.WriteLine($"Restore failed: {exception.Message}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Restore cancelled.");
            return Failed;
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }

    private static async Task<int> ListAsync(List<IBackupDestination> destinations, CancellationToken cancellationToken)
    {
        if (destinations.Count == 0)
        {
            Console.Error.WriteLine($"Nothing to list: {NoDestinations}");
            return Failed;
        }

        Console.WriteLine($"{"ID",-32} {"CREATED (UTC)",-20} {"DATABASE",-10} {"SIZE",12} {"TABLES",6} {"ROWS",12}  WHERE");
        var all = new List<(BackupManifest Manifest, string Where)>();
        foreach (var destination in destinations)
        {
            all.AddRange((await destination.ListAsync(cancellationToken)).Select(m => (m, destination.Name)));
        }

        foreach (var group in all.GroupBy(b => b.Manifest.Id).OrderByDescending(g => g.First().Manifest.CreatedAt))
        {
            var m = group.First().Manifest;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{m.Id,-32} {m.CreatedAt,-20:yyyy-MM-dd HH:mm:ss} {m.Provider,-10} {m.SizeBytes,12:N0} {m.Tables.Count,6} {m.Tables.Sum(t => t.Rows),12:N0}  {string.Join(",", group.Select(b => b.Where))}{(m.Encrypted ? " (encrypted)" : "")}"));
        }

        return Restored;
    }

    private static async Task<int> RestoreAsync(IServiceProvider services, List<IBackupDestination> destinations, RestoreArguments arguments, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var engines = services.GetRequiredService<DatabaseBackupEngines>();
        var work = Directory.CreateDirectory(Path.Combine(WorkDirectory(services), $"bujji-restore-{Guid.NewGuid():N}"));
        try
        {
            var (manifest, packedFile) = await LocateAsync(arguments.Backup!, destinations, work.FullName, cancellationToken);
            if (arguments.Target is null && manifest.Provider != engines.Provider)
            {
                throw new InvalidOperationException(
                    $"Backup {manifest.Id} is of a {manifest.Provider} database, but this Worker is configured for {engines.Provider}: give --target.");
            }

            var target = arguments.Target ?? engines.ConnectionString;
            var engine = engines.For(manifest.Provider, target);
            Console.WriteLine($"Restoring backup {manifest.Id} (taken {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC, {manifest.Provider}) into {Describe(manifest.Provider, target)} ...");

            var dumpFile = Path.Combine(work.FullName, "restored.dump");
            var packer = services.GetRequiredService<BackupPacker>();
            await packer.UnpackAsync(manifest, packedFile, dumpFile, cancellationToken);
            await engine.RestoreAsync(dumpFile, target, arguments.Force, cancellationToken);

            var restored = await engine.SnapshotTablesAsync(target, cancellationToken);
            foreach (var table in restored)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table.Table,-40} {table.Rows,12:N0} rows"));
            }

            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{restored.Count} tables, {restored.Sum(t => t.Rows):N0} rows in {clock.Elapsed.TotalSeconds:0.0} s");
            if (BackupJob.Compare(manifest.Tables, restored) is { } difference)
            {
                Console.Error.WriteLine($"Restored {summary}, but it does not match the backup: {difference}");
                return Failed;
            }

            Console.WriteLine($"Restored {summary}; every table's rows and checksum match the backup.");
            return Restored;
        }
        finally
        {
            // The unpacked dump holds every row of the database.
            work.Delete(recursive: true);
        }
    }

    /// <summary>A path (the packed file or its manifest) when one exists, else an id looked up in the configured destinations.</summary>
    private static async Task<(BackupManifest Manifest, string PackedFile)> LocateAsync(
        string backup, List<IBackupDestination> destinations, string work, CancellationToken cancellationToken)
    {
        if (File.Exists(backup))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(backup))!;
            var name = Path.GetFileName(backup);
            var manifestPath = name.EndsWith(BackupManifests.ManifestSuffix, StringComparison.Ordinal)
                ? backup
                : Path.Combine(directory, (name.EndsWith(BackupManifests.FileSuffix, StringComparison.Ordinal) ? name[..^BackupManifests.FileSuffix.Length] : name)
                    + BackupManifests.ManifestSuffix);
            if (!File.Exists(manifestPath))
            {
                throw new InvalidOperationException($"{manifestPath} is missing: a backup file is restored only with the manifest stored beside it.");
            }

            BackupManifest fromFile;
            await using (var json = File.OpenRead(manifestPath))
            {
                fromFile = await BackupManifests.ReadAsync(json, cancellationToken);
            }

            // Read where it is: unpacking only reads it, and a copy of a large backup would cost the restore minutes.
            return (fromFile, Path.Combine(directory, fromFile.FileName));
        }

        if (destinations.Count == 0)
        {
            throw new InvalidOperationException($"{backup} is not a file, and {NoDestinations}");
        }

        foreach (var destination in destinations)
        {
            if (await destination.FindAsync(backup, cancellationToken) is { } manifest)
            {
                var packedFile = Path.Combine(work, manifest.FileName);
                await destination.DownloadAsync(manifest, packedFile, cancellationToken);
                return (manifest, packedFile);
            }
        }

        throw new InvalidOperationException(
            $"No backup {backup} in {string.Join(" or ", destinations.Select(d => d.Name))}; `restore --list` shows the backups there.");
    }

    private const string NoDestinations =
        "no backup destination is configured (Worker:Backup:Local:Path, Worker:Backup:Blob:ConnectionString or ServiceUri): give the path of a .backup file.";

    private static string WorkDirectory(IServiceProvider services) =>
        services.GetRequiredService<IOptions<BackupOptions>>().Value.WorkDirectory ?? Path.GetTempPath();

    /// <summary>Where a restore goes, for the operator: server and database, never the password.</summary>
    private static string Describe(string provider, string connectionString)
    {
        if (provider == "sqlite")
        {
            return Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL database {builder.Database} on {builder.Host}:{builder.Port}";
    }
}
