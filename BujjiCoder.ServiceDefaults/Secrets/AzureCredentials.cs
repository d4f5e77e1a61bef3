using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Hosting;

namespace BujjiCoder.ServiceDefaults.Secrets;

/// <summary>How Bujji Coder's services sign in to Azure (Key Vault): one credential, built the same way everywhere.</summary>
public static class AzureCredentials
{
    /// <summary>
    /// In Azure: the managed identity (a user-assigned one is picked with <c>AZURE_CLIENT_ID</c>), or workload identity,
    /// or a service principal from <c>AZURE_*</c> variables. A developer's own sign-in (Azure CLI, azd, Visual Studio,
    /// PowerShell) counts only in Development, so a deployed service never runs as whoever last logged in on the host.
    /// </summary>
    public static TokenCredential Create(IHostEnvironment environment)
    {
        var developerTools = !environment.IsDevelopment();
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ExcludeAzureCliCredential = developerTools,
            ExcludeAzureDeveloperCliCredential = developerTools,
            ExcludeAzurePowerShellCredential = developerTools,
            ExcludeVisualStudioCredential = developerTools,
            ExcludeVisualStudioCodeCredential = developerTools,
            ExcludeInteractiveBrowserCredential = true,
        });
    }
}
