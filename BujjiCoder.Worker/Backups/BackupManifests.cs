using System.Text.Json;

namespace BujjiCoder.Worker.Backups;

/// <summary>How a backup is named and its manifest written in every destination: <c>&lt;id&gt;.backup</c> beside <c>&lt;id&gt;.manifest.json</c>.</summary>
internal static class BackupManifests
{
    public const string FileSuffix = ".backup";
    public const string ManifestSuffix = ".manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string FileName(string id) => id + FileSuffix;

    public static string ManifestName(string id) => id + ManifestSuffix;

    /// <summary>A new backup's id: its time, sortable as text, and a random tail so two backups in one second never collide.</summary>
    public static string NewId(DateTime createdAt) =>
        $"bujji-{createdAt:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    public static byte[] Serialize(BackupManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

    public static BackupManifest Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<BackupManifest>(json, Json) ?? throw new InvalidDataException("The manifest is empty.");

    public static async Task<BackupManifest> ReadAsync(Stream json, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<BackupManifest>(json, Json, cancellationToken) ?? throw new InvalidDataException("The manifest is empty.");
}
