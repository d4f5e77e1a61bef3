using System.Diagnostics;
using System.Text;
using Npgsql;

namespace BujjiCoder.Worker.Backups;

/// <summary>
/// pg_dump and pg_restore, found as the Worker's host has them, run with the connection in the child's environment: the
/// password in <c>PGPASSWORD</c>, never on the command line where <c>ps</c> shows it to every user of the machine.
/// </summary>
internal sealed class PostgresTools(string binDirectory)
{
    public string BinDirectory { get; } = binDirectory;

    /// <summary>The configured directory, else the one on PATH, else Debian's newest <c>/usr/lib/postgresql/&lt;v&gt;/bin</c>.</summary>
    public static PostgresTools Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasBoth(configured)
                ? new PostgresTools(configured)
                : throw new InvalidOperationException($"Worker:Backup:PostgresBinDirectory is {configured}, which does not hold both pg_dump and pg_restore.");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasBoth);
        if (onPath is not null)
        {
            return new PostgresTools(onPath);
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(HasBoth)
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return debian is not null
            ? new PostgresTools(debian)
            : throw new InvalidOperationException(
                "pg_dump and pg_restore were not found: install the PostgreSQL client (apt-get install postgresql-client) or set Worker:Backup:PostgresBinDirectory.");
    }

    /// <summary>Starts <paramref name="tool"/> against the server and database <paramref name="connection"/> names.</summary>
    public Process Start(string tool, NpgsqlConnectionStringBuilder connection, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(BinDirectory, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Inherited PG* variables (PGSERVICE, PGOPTIONS, ...) would quietly change where the tool connects.
        foreach (var key in start.Environment.Keys.Where(key => key.StartsWith("PG", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        start.Environment["PGDATABASE"] = connection.Database;
        start.Environment["PGPASSWORD"] = connection.Password;
        start.Environment["PGSSLMODE"] = connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        start.Environment["PGAPPNAME"] = "bujji-backup";
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not start {start.FileName}: {exception.Message}", exception);
        }
    }

    private static bool HasBoth(string directory) =>
        File.Exists(Path.Combine(directory, "pg_dump")) && File.Exists(Path.Combine(directory, "pg_restore"));

    /// <summary>Waits for a started tool; a non-zero exit throws with what it wrote to standard error.</summary>
    public static async Task WaitAsync(Process process, CancellationToken cancellationToken)
    {
        using (process)
        {
            var error = new StringBuilder();
            var errorTask = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
                {
                    error.AppendLine(line);
                }
            }, CancellationToken.None);
            var outputTask = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await Task.WhenAll(errorTask, outputTask);
            if (process.ExitCode != 0)
            {
                var tool = Path.GetFileName(process.StartInfo.FileName);
                throw new InvalidOperationException($"{tool} failed (exit code {process.ExitCode}): {error.ToString().Trim()}");
            }
        }
    }

    public Task RunAsync(string tool, NpgsqlConnectionStringBuilder connection, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        WaitAsync(Start(tool, connection, arguments), cancellationToken);
}
