namespace BujjiCoder.Api.Http;

/// <summary>
/// The header browsers must add when they refresh with the cookie. Cross-site forms cannot set a custom
/// header, and cross-site scripts cannot without a CORS preflight this Api refuses.
/// </summary>
internal static class AntiforgeryHeader
{
    public const string Name = "X-Bujji-Csrf";
}
