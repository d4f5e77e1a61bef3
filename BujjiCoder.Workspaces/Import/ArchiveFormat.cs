namespace BujjiCoder.Workspaces.Import;

/// <summary>The archive formats accepted for a workspace import.</summary>
public enum ArchiveFormat
{
    Zip,
    TarGz,
}
