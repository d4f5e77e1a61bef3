using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>Bujji Coder's data classification for Microsoft.Extensions.Compliance: values that are secrets.</summary>
public static class SecretDataClassification
{
    public const string TaxonomyName = "BujjiCoder";

    public static DataClassification Secret { get; } = new(TaxonomyName, nameof(Secret));
}

/// <summary>
/// Marks a parameter of a source-generated log method (or a property logged with <c>[LogProperties]</c>) as a
/// secret: the redaction-enabled logger writes <see cref="SecretScrubber.Mark"/> instead of its value.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue)]
public sealed class SecretDataAttribute() : DataClassificationAttribute(SecretDataClassification.Secret);

/// <summary>Replaces a classified value with a fixed mark (its length would say something about it).</summary>
internal sealed class SecretMarkRedactor : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => SecretScrubber.Mark.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        SecretScrubber.Mark.AsSpan().CopyTo(destination);
        return SecretScrubber.Mark.Length;
    }
}
