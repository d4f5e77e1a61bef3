namespace BujjiCoder.Data.Entities;

/// <summary>
/// File content addressed by its SHA-256, stored once however many files and revisions hold it.
/// Text (valid UTF-8 without NUL) is kept in <see cref="Text"/> so the database can index it; anything
/// else is binary, kept in <see cref="Data"/> and never indexed.
/// </summary>
public sealed class FileBlob
{
    /// <summary>Surrogate key: SQLite's FTS5 index needs an integer row id to point at.</summary>
    public long Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the stored bytes (the UTF-8 bytes for text).</summary>
    public required string Hash { get; set; }

    public long Size { get; set; }

    public string? Text { get; set; }

    public byte[]? Data { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A definition (class, function, ...) found in a text blob, for symbol search.</summary>
public sealed class BlobSymbol
{
    public long Id { get; set; }

    public required string BlobHash { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    public int Line { get; set; }
}
