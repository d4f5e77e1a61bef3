namespace BujjiCoder.IntegrationTests.Faults;

/// <summary>
/// The fault settings are checked when the Api starts, as operators start it (a process, environment variables): a value
/// that would switch a protection off stops the start with one line naming it.
/// </summary>
public sealed class FaultOptionsTests
{
    [Theory]
    [InlineData("Llm__Concurrency__PermitLimit", "0", "'PermitLimit'")]
    [InlineData("Llm__Concurrency__RetryAfter", "00:00:00", "'RetryAfter'")]
    [InlineData("Database__Circuit__BreakDuration", "00:00:00", "'BreakDuration'")]
    [InlineData("Database__ConnectTimeoutSeconds", "0", "'ConnectTimeoutSeconds'")]
    public async Task A_fault_setting_out_of_range_stops_the_start_naming_it(string key, string value, string member)
    {
        using var directory = TemporaryDirectory.Create("bujji-refuse");
        await using var api = ServerProcess.StartProject("BujjiCoder.Api", [], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort()}",
            ["Database__DataDirectory"] = directory.Path,
            [key] = value,
        });

        Assert.Equal(1, await api.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(api.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains(member, line, StringComparison.Ordinal);
    }
}
