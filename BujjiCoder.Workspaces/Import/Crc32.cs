namespace BujjiCoder.Workspaces.Import;

/// <summary>
/// The CRC-32 that zip stores for each entry. ZipArchive does not check it when reading, and it inflates no further
/// than the size the header declares, so a header understating the size would otherwise cut a file silently.
/// </summary>
public sealed class Crc32
{
    private static readonly uint[] Table = BuildTable();

    private uint _state = uint.MaxValue;

    public uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> data)
    {
        var state = _state;
        foreach (var b in data)
        {
            state = Table[(byte)(state ^ b)] ^ (state >> 8);
        }

        _state = state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
