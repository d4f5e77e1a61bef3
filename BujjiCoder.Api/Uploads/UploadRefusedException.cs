namespace BujjiCoder.Api.Uploads;

/// <summary>Thrown where an upload is processed deeper down (an import, possibly in a job) and the scanner refused it.</summary>
internal sealed class UploadRefusedException(UploadRefusal refusal) : Exception(refusal.Detail)
{
    public UploadRefusal Refusal { get; } = refusal;
}
