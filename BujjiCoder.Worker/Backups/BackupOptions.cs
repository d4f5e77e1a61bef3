using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace BujjiCoder.Worker.Backups;

/// <summary>Settings of the <c>Worker:Backup</c> section. Backups run only when at least one destination is set.</summary>
internal sealed partial class BackupOptions : IValidatableObject
{
    public const string SectionName = "Worker:Backup";

    /// <summary>How often a backup is taken: the recovery point objective (at most this much is lost).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "31.00:00:00", ErrorMessage = "Worker:Backup:Interval must be between 1 second and 31 days.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Base64 of 32 random bytes: AES-256-GCM key of new backups. Unset: backups are compressed, not encrypted.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Keys of older backups, kept after a rotation so they can still be verified and restored.</summary>
    public List<string> PreviousEncryptionKeys { get; set; } = [];

    /// <summary>Where dumps are written and packed before they are stored; the system's temporary directory when unset.</summary>
    public string? WorkDirectory { get; set; }

    public LocalBackupOptions Local { get; set; } = new();

    public BlobBackupOptions Blob { get; set; } = new();

    public BackupKeepOptions Keep { get; set; } = new();

    public bool HasDestination => Local.IsConfigured || Blob.IsConfigured;

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, key) in PreviousEncryptionKeys.Select((key, i) => ($"PreviousEncryptionKeys:{i}", (string?)key)).Prepend(("EncryptionKey", EncryptionKey)))
        {
            if (key is not null && !BackupKeyRing.IsValidKey(key))
            {
                yield return new ValidationResult($"Worker:Backup:{name} must be the base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`).", [name]);
            }
        }

        if (Blob.ConnectionString is not null && Blob.ServiceUri is not null)
        {
            yield return new ValidationResult("Set Worker:Backup:Blob:ConnectionString or Worker:Backup:Blob:ServiceUri, not both.", ["Blob"]);
        }

        if (!ContainerName().IsMatch(Blob.Container))
        {
            yield return new ValidationResult(
                "Worker:Backup:Blob:Container must be a valid container name (3-63 lower-case letters, digits and single hyphens).", ["Blob"]);
        }

        if (Keep.Daily < 0 || Keep.Weekly < 0 || Keep.Monthly < 0)
        {
            yield return new ValidationResult("Worker:Backup:Keep:Daily, Weekly and Monthly must not be negative.", ["Keep"]);
        }

        if (Keep.Last < 1)
        {
            // The newest verified backup is what a restore reaches for; no setting may prune it.
            yield return new ValidationResult("Worker:Backup:Keep:Last must be at least 1.", ["Keep"]);
        }
    }
}

internal sealed class LocalBackupOptions
{
    /// <summary>A directory (created when missing) that keeps every backup as <c>&lt;id&gt;.backup</c> and <c>&lt;id&gt;.manifest.json</c>.</summary>
    public string? Path { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path);
}

internal sealed class BlobBackupOptions
{
    /// <summary>A storage account's connection string (account key or SAS); or use <see cref="ServiceUri"/> with a managed identity.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The account's blob endpoint, e.g. <c>https://account.blob.core.windows.net</c>, reached with DefaultAzureCredential.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The container, created when missing.</summary>
    public string Container { get; set; } = "bujji-backups";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || ServiceUri is not null;
}

/// <summary>Generations kept (see <see cref="BackupGenerations"/>); only verified backups count.</summary>
internal sealed class BackupKeepOptions
{
    /// <summary>The newest verified backups, whatever their age.</summary>
    public int Last { get; set; } = 3;

    /// <summary>The newest verified backup of each of the last this many days that have one (UTC).</summary>
    public int Daily { get; set; } = 7;

    /// <summary>The same per ISO week.</summary>
    public int Weekly { get; set; } = 4;

    /// <summary>The same per calendar month.</summary>
    public int Monthly { get; set; } = 12;
}
