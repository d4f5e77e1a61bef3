using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BujjiCoder.Workspaces.Uploads;

/// <summary>
/// PING → PONG. Registered as "clamav" with failure status Degraded: with clamd down uploads are refused (503) but
/// everything else works, so the replica must not be taken out of service; <c>/health/ready</c> still shows it.
/// </summary>
internal sealed class ClamdHealthCheck(ClamdClient clamd) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await clamd.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (ClamdException failure)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "clamd does not answer; uploads are refused.", failure);
        }
    }
}
