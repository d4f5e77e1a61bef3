using System.Globalization;

namespace BujjiCoder.Benchmarks.Performance;

/// <summary>A process's resident memory as the kernel counts it (what an OOM killer or a container limit sees), in MiB.</summary>
internal static class ProcessMemory
{
    /// <summary>Now (VmRSS) and the highest it has been since the process started (VmHWM); null once the process is gone.</summary>
    public static (double Now, double Peak)? Read(int processId)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{processId}/status");
            return (Field(status, "VmRSS:"), Field(status, "VmHWM:"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double Field(string[] status, string name) =>
        long.Parse(status.First(line => line.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
}
