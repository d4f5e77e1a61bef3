using Microsoft.Extensions.Options;

namespace BujjiCoder.ServiceDefaults.Infrastructure;

/// <summary>Settings of the <c>Deployment</c> section: what a deployment must have to start at all.</summary>
public sealed class DeploymentOptions
{
    public const string SectionName = "Deployment";

    /// <summary>
    /// Refuse to start on the embedded fall-backs (SQLite, in-process cache). On in Staging and Production,
    /// where several replicas share one database and one Redis: a replica that silently fell back to a
    /// local file would lose data and split rate limits.
    /// </summary>
    public bool RequireServerInfrastructure { get; set; }
}

public sealed class DeploymentOptionsValidator(RuntimeInfrastructure infrastructure) : IValidateOptions<DeploymentOptions>
{
    public ValidateOptionsResult Validate(string? name, DeploymentOptions options)
    {
        if (!options.RequireServerInfrastructure)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (infrastructure.IsEmbedded)
        {
            failures.Add($"ConnectionStrings:{RuntimeInfrastructureRegistration.DatabaseConnectionName} must be set to a PostgreSQL connection string (Deployment:RequireServerInfrastructure is true).");
        }

        if (infrastructure.Cache != RuntimeInfrastructure.Redis)
        {
            failures.Add($"ConnectionStrings:{RuntimeInfrastructureRegistration.CacheConnectionName} must be set to a Redis connection string (Deployment:RequireServerInfrastructure is true).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
