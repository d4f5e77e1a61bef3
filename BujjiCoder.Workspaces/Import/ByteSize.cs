using System.Globalization;

namespace BujjiCoder.Workspaces.Import;

/// <summary>Sizes in messages, written the way people read them.</summary>
public static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        >= ArchiveLimits.Megabyte => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)ArchiveLimits.Megabyte:0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        1 => "1 byte",
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    public static string Ratio(double ratio) => ratio.ToString("0.#", CultureInfo.InvariantCulture);
}
