using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Http;

/// <summary>
/// One line of text, for names and titles: no control characters (line breaks, tabs, NUL, escape) and no bidirectional
/// overrides or isolates, which make a name display as something other than what it is. Everything else — quotes,
/// angle brackets, SQL — is stored as given and returned JSON-encoded.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
internal sealed class SingleLineTextAttribute() : ValidationAttribute("{0} must be one line of text without control or bidirectional-override characters.")
{
    public override bool IsValid(object? value) => value is not string text || !text.Any(c => char.IsControl(c) || IsBidiControl(c));

    /// <summary>LRM, RLM, ALM and the embedding, override and isolate controls (Unicode's Bidi_Control property).</summary>
    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}

/// <summary>
/// Free text (descriptions, messages, rules) as any database stores it: line breaks and tabs are fine, NUL is not —
/// PostgreSQL refuses it in text, so it would fail the request late instead of early.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
internal sealed class NoNulCharacterAttribute() : ValidationAttribute("{0} must not contain NUL characters.")
{
    public override bool IsValid(object? value) => value is not string text || !text.Contains('\0', StringComparison.Ordinal);
}

/// <summary>Pattern of a GUID in its usual 8-4-4-4-12 form, the form every id of this Api takes.</summary>
internal static class Formats
{
    public const string Guid = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    public const string GuidMessage = "{0} must be an id (a GUID).";
}
