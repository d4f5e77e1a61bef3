using System.Diagnostics;
using System.Net.Sockets;
using BujjiCoder.AppHost.Infrastructure;

namespace BujjiCoder.Testing;

/// <summary>
/// Azurite, the Azure Storage emulator from npm (<c>tests/tools</c>, installed by the test script), serving Blob Storage
/// on a free loopback port from a temporary directory. Tests reach it with the real Azure SDK over HTTP, with an account
/// of its own and a random key: the emulator's published development key is refused as a sample outside Development,
/// as a copied emulator connection string should be.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountName = "bujjitests";

    private static readonly string AccountKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));

    private readonly TemporaryDirectory _directory;
    private readonly ServerProcess _process;

    private AzuriteServer(TemporaryDirectory directory, ServerProcess process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>From starting node to the first accepted connection.</summary>
    public TimeSpan StartupTime { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    public static async Task<AzuriteServer> StartAsync()
    {
        var main = Path.Combine(SolutionPaths.Root, "tests", "tools", "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(main))
        {
            throw new InvalidOperationException("Tests need Azurite: run `npm ci` in tests/tools (the test script does).");
        }

        var directory = TemporaryDirectory.Create("bujji-azurite");
        var port = LocalServers.FreePort();
        var started = Stopwatch.StartNew();
        // --skipApiVersionCheck: the SDK may speak a newer service version than this Azurite knows; the calls tests make are old.
        var process = ServerProcess.Start("node", [main, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", directory.Path, "--silent", "--skipApiVersionCheck", "--disableTelemetry"],
            new Dictionary<string, string?> { ["AZURITE_ACCOUNTS"] = $"{AccountName}:{AccountKey}" });
        var server = new AzuriteServer(directory, process, port);
        try
        {
            await process.WaitUntilReadyAsync(async () =>
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return true;
            }, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        server.StartupTime = started.Elapsed;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
