namespace BujjiCoder.Api.Workspaces.Import;

/// <summary>The archive formats accepted for a workspace import.</summary>
internal enum ArchiveFormat
{
    Zip,
    TarGz,
}
