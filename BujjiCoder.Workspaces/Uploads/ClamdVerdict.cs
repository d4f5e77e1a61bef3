namespace BujjiCoder.Workspaces.Uploads;

public enum ClamdOutcome
{
    /// <summary><c>stream: OK</c>.</summary>
    Clean,

    /// <summary><c>stream: &lt;signature&gt; FOUND</c>.</summary>
    Infected,

    /// <summary><c>INSTREAM size limit exceeded. ERROR</c>: the stream was longer than clamd's <c>StreamMaxLength</c>.</summary>
    StreamTooLarge,
}

/// <summary>What clamd said about one stream; <see cref="Signature"/> names the detection when infected.</summary>
public sealed record ClamdVerdict(ClamdOutcome Outcome, string? Signature = null);
