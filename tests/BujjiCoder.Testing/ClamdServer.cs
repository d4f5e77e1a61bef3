using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using BujjiCoder.AppHost.Infrastructure;

namespace BujjiCoder.Testing;

/// <summary>
/// A throw-away <c>clamd</c> (Debian's clamav-daemon) on a free loopback port, in the foreground, loading only a
/// signature database of its own: one MD5 signature for the EICAR test file. Signature downloads are impossible here
/// and unwanted anyway (the full set takes a gigabyte of memory and a minute to load); this one loads in milliseconds.
/// clamd applies hash signatures to every file it finds inside zips and tarballs too, so the one signature catches
/// EICAR uploaded on its own or packed in an archive.
/// </summary>
public sealed class ClamdServer : IAsyncDisposable
{
    /// <summary>The name in the database; clamd reports it with <c>.UNOFFICIAL</c> appended, as for every database it did not sign.</summary>
    public const string EicarSignature = "Eicar-Test-Signature";

    private const string ClamdPath = "/usr/sbin/clamd";

    private readonly TemporaryDirectory _directory;
    private readonly ServerProcess _process;

    private ClamdServer(TemporaryDirectory directory, ServerProcess process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>From starting the process to its first PONG.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Settings that point the Api at this clamd.</summary>
    public IReadOnlyDictionary<string, string?> ApiSettings => new Dictionary<string, string?>
    {
        ["Uploads:ClamAv:Host"] = Host,
        ["Uploads:ClamAv:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<ClamdServer> StartAsync()
    {
        if (!File.Exists(ClamdPath))
        {
            throw new InvalidOperationException("Tests need clamd: apt-get install -y clamav-daemon (the test script installs it when run as root).");
        }

        var directory = TemporaryDirectory.Create("bujji-clamd");
        var database = Directory.CreateDirectory(Path.Combine(directory.Path, "db")).FullName;
        var scratch = Directory.CreateDirectory(Path.Combine(directory.Path, "tmp")).FullName;
        var eicar = Eicar.Bytes();
        await File.WriteAllTextAsync(Path.Combine(database, "bujji-test.hdb"),
            $"{Convert.ToHexStringLower(MD5.HashData(eicar))}:{eicar.Length}:{EicarSignature}\n");
        var port = LocalServers.FreePort();
        var config = Path.Combine(directory.Path, "clamd.conf");
        await File.WriteAllTextAsync(config, $"""
            TCPSocket {port}
            TCPAddr 127.0.0.1
            Foreground yes
            DatabaseDirectory {database}
            TemporaryDirectory {scratch}
            StreamMaxLength 25M
            MaxThreads 4
            Bytecode no
            LogTime yes

            """);

        var started = Stopwatch.StartNew();
        var process = ServerProcess.Start(ClamdPath, ["--config-file", config]);
        var server = new ClamdServer(directory, process, port);
        try
        {
            await process.WaitUntilReadyAsync(async () => await server.PingAsync() == "PONG", TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        server.StartupTime = started.Elapsed;
        return server;
    }

    /// <summary>clamd's answer to <c>zPING</c>.</summary>
    public async Task<string> PingAsync()
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await client.ConnectAsync(Host, Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("zPING\0"u8.ToArray(), timeout.Token);
        var buffer = new byte[64];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token)) > 0)
        {
            length += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, length).TrimEnd('\0');
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
