using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Files;

namespace BujjiCoder.Api.Workspaces.Files;

internal static class RequestBody
{
    /// <summary>The raw body, or null when it is longer than <paramref name="maxBytes"/> (counted while reading, whatever Content-Length says).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
