namespace BujjiCoder.Workspaces.Uploads;

/// <summary>clamd could not be reached, timed out, closed the connection early or answered with an error: no verdict.</summary>
public sealed class ClamdException : Exception
{
    public ClamdException(string message)
        : base(message)
    {
    }

    public ClamdException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
