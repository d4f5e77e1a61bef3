using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BujjiCoder.AppHost.Infrastructure;

/// <summary>
/// Finding and running the Debian server binaries that local mode runs. Free of Aspire types: the
/// test fixtures compile this file too, so tests start their servers exactly as the AppHost does.
/// </summary>
internal static class LocalServers
{
    /// <summary>PostgreSQL refuses to run as root; as root we start it as the <c>postgres</c> user.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    public static string? FindPostgresBinDirectory()
    {
        // Debian keeps server binaries off PATH, one directory per major version; take the newest.
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }

        return FindOnPath("initdb") is { } initdb ? Path.GetDirectoryName(initdb) : null;
    }

    public static string? FindRedisServer() => FindOnPath("redis-server");

    /// <summary>
    /// Writes <c>redis.conf</c> (the password, readable by its owner only) into <paramref name="dataDirectory"/> and returns
    /// the arguments of a redis-server that reads it and listens on loopback only. The password stays off the command
    /// line, which <c>ps</c> and the Aspire dashboard's Source column show to anyone who looks. <paramref name="persistent"/>
    /// keeps an append-only file in the directory.
    /// </summary>
    public static string[] PrepareRedisArguments(int port, string dataDirectory, string password, bool persistent)
    {
        var configFile = Path.Combine(dataDirectory, "redis.conf");
        File.Delete(configFile);
        WriteSecretFile(configFile, $"requirepass \"{password}\"\n");
        return
        [
            configFile, "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", dataDirectory,
            "--appendonly", persistent ? "yes" : "no", "--save", "", "--protected-mode", "yes",
        ];
    }

    public static string RedisConnectionString(int port, string password) =>
        $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)},password={password}";

    /// <summary>A password generated on first use and kept beside the data it protects, readable by its owner only.</summary>
    public static string PersistentSecret(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        WriteSecretFile(path, secret);
        return secret;
    }

    /// <summary>Creates a file that only its owner can read, with that mode from the first byte (no window where it is world-readable).</summary>
    public static void WriteSecretFile(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.Write(content);
    }

    /// <summary>
    /// A free loopback port chosen here, not by DCP: a DCP-allocated port can't be read back in the
    /// AppHost, and DCP's proxy would accept connections before the server listens.
    /// </summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a set-up command to completion; a failure stops the AppHost with the command's own output.</summary>
    public static void Run(string fileName, IEnumerable<string> arguments, string? standardInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', start.ArgumentList)} failed with exit code {process.ExitCode}: {error.Result}{output.Result}");
        }
    }

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
}
