using BujjiCoder.ServiceDefaults.Secrets;

namespace BujjiCoder.UnitTests.Secrets;

public sealed class SecretScrubberTests
{
    private const string Mark = SecretScrubber.Mark;

    private static readonly SecretScrubber Scrubber = new(["configured-signing-key-0123456789", "short"]);

    [Theory]
    [InlineData("Authorization: Bearer abcdefghijklmnopqrstuvwxyz", "Authorization: " + Mark)]
    [InlineData("cookie=bujji_refresh=abc; other=1", "cookie=" + Mark)]
    [InlineData("sent Bearer abcdefghijklmnopqrstuvwxyz0123", "sent Bearer " + Mark)]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl seen", "token " + Mark + " seen")]
    [InlineData("PAT bjc_AbCdEfGhIjKlMnOpQrStUvWxYz012345 used", "PAT bjc_" + Mark + " used")]
    [InlineData("key sk-proj-AbCdEfGhIjKlMnOpQrSt rejected", "key sk-" + Mark + " rejected")]
    [InlineData("GET /api/v1/x?access_token=abc123&page=2", "GET /api/v1/x?access_token=" + Mark + "&page=2")]
    [InlineData("GET /v1?api-key=abc&key=def", "GET /v1?api-key=" + Mark + "&key=" + Mark)]
    [InlineData("Host=db;Username=bujji;Password=hunter2hunter2;Timeout=5", "Host=db;Username=bujji;Password=" + Mark + ";Timeout=5")]
    [InlineData("127.0.0.1:6379,password=abcdef,ssl=true", "127.0.0.1:6379,password=" + Mark + ",ssl=true")]
    [InlineData("{\"userNameOrEmail\":\"ann\",\"password\":\"two words\"}", "{\"userNameOrEmail\":\"ann\",\"password\":\"" + Mark + "\"}")]
    [InlineData("{\"refreshToken\":\"abc\",\"newPassword\":\"x\\\"y\"}", "{\"refreshToken\":\"" + Mark + "\",\"newPassword\":\"" + Mark + "\"}")]
    [InlineData("api-key: 0123456789abcdef", "api-key: " + Mark)]
    [InlineData("using configured-signing-key-0123456789 here", "using " + Mark + " here")]
    public void Secrets_are_replaced_and_their_labels_kept(string text, string expected) =>
        Assert.Equal(expected, Scrubber.Scrub(text));

    [Fact]
    public void A_configured_value_is_replaced_in_text_without_any_word_a_credential_comes_with()
    {
        using var scrubber = new SecretScrubber(["zq9-hunter-hunter-77"]);

        Assert.Equal($"connect as {Mark} now", scrubber.Scrub("connect as zq9-hunter-hunter-77 now"));
    }

    [Theory]
    // Case-insensitive matching knows more than ASCII casing: the Kelvin sign is a k, so non-ASCII text is always scanned.
    [InlineData("GET /v1?\u212Aey=abcdef&page=2", "GET /v1?\u212Aey=" + Mark + "&page=2")]
    [InlineData("café Password=hunter2hunter2", "café Password=" + Mark)]
    public void Non_ascii_text_is_scanned_whole(string text, string expected) =>
        Assert.Equal(expected, Scrubber.Scrub(text));

    [Theory]
    [InlineData("Request finished HTTP/1.1 GET http://localhost/api/v1/workspaces?q=parse+config&mode=text - 200")]
    [InlineData("Executed DbCommand (2ms) [Parameters=[@p0='?' (DbType = String)], CommandType='Text']")]
    [InlineData("Authorization failed. These requirements were not met: PermissionRequirement")]
    [InlineData("Bearer was not authenticated. Failure message: No SecurityTokenValidator available")]
    [InlineData("Usage: 1234 input tokens, 56 output tokens; a short word stays")]
    [InlineData("Personal access token bjc_AbCd revoked")]
    [InlineData("SELECT w.\"Role\" FROM workspace_members AS w WHERE w.\"WorkspaceId\" = $1 AND w.\"UserId\" = $2 LIMIT 2")]
    [InlineData("/api/v1/workspaces/865e247b-60fb-4960-83c6-796677839c87/files/src/main.cs")]
    public void Ordinary_lines_are_left_alone(string text)
    {
        Assert.False(Scrubber.TryScrub(text, out var scrubbed));
        Assert.Equal(text, scrubbed);
    }
}
