using System.Text;

namespace BujjiCoder.Testing;

/// <summary>
/// The EICAR anti-virus test file (https://www.eicar.org), the harmless 68 bytes every scanner reports as a virus.
/// It is put together from pieces at run time so that no file of this repository is itself the test file, which
/// would make scanners on developers' machines quarantine it.
/// </summary>
public static class Eicar
{
    private static readonly string[] Pieces = ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-", "ANTIVIRUS-TEST-", "FILE!$H+H*"];

    public static byte[] Bytes() => Encoding.ASCII.GetBytes(string.Concat(Pieces));

    public static string Text() => string.Concat(Pieces);
}
