namespace BujjiCoder.Workspaces.Uploads;

/// <summary>Thrown where an upload is processed deeper down (an import, possibly in a job) and the scanner refused it.</summary>
public sealed class UploadRefusedException(UploadRefusal refusal) : Exception(refusal.Detail)
{
    public UploadRefusal Refusal { get; } = refusal;
}
