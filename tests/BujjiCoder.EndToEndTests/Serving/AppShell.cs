using System.Text.RegularExpressions;

namespace BujjiCoder.EndToEndTests.Serving;

/// <summary>What index.html makes the browser fetch before the app runs: its module scripts and modulepreloads.</summary>
internal static partial class AppShell
{
    public static async Task<IReadOnlyList<string>> InitialScriptsAsync(HttpClient site)
    {
        var html = await site.GetStringAsync("/", TestContext.Current.CancellationToken);
        return [.. ScriptSources().Matches(html).Concat(ModulePreloads().Matches(html)).Select(match => match.Groups["url"].Value).Distinct()];
    }

    public static async Task<IReadOnlyList<string>> StylesheetsAsync(HttpClient site)
    {
        var html = await site.GetStringAsync("/", TestContext.Current.CancellationToken);
        return [.. Stylesheets().Matches(html).Select(match => match.Groups["url"].Value).Distinct()];
    }

    [GeneratedRegex("""<script\b[^>]*\bsrc="(?<url>[^"]+)"[^>]*>""")]
    private static partial Regex ScriptSources();

    [GeneratedRegex("""<link\b[^>]*\brel="modulepreload"[^>]*\bhref="(?<url>[^"]+)"[^>]*>""")]
    private static partial Regex ModulePreloads();

    [GeneratedRegex("""<link\b[^>]*\brel="stylesheet"[^>]*\bhref="(?<url>[^"]+)"[^>]*>""")]
    private static partial Regex Stylesheets();
}
