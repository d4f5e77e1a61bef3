namespace BujjiCoder.ServiceDefaults.Infrastructure;

/// <summary>
/// Which parts this process runs on, as chosen from configuration at start-up. Reported in
/// <c>/api/v1/info</c> and in the start-up log, so nobody mistakes an embedded instance for a clustered one.
/// </summary>
/// <param name="Mode"><c>embedded</c>, or the label the host gave (<c>local</c>, <c>containers</c>, <c>cloud</c>), else <c>server</c>.</param>
/// <param name="Database"><c>postgresql</c> or <c>sqlite</c>, as the database registration chose.</param>
/// <param name="Cache"><c>redis</c> or <c>memory</c>.</param>
/// <param name="SqlitePath">The SQLite file in embedded mode.</param>
public sealed record RuntimeInfrastructure(string Mode, string Database, string Cache, string? SqlitePath)
{
    public const string Redis = "redis";
    public const string Memory = "memory";
    public const string EmbeddedMode = "embedded";

    public bool IsEmbedded => SqlitePath is not null;
}
