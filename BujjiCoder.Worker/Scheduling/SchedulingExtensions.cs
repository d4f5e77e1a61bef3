using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BujjiCoder.Worker.Scheduling;

internal static class SchedulingExtensions
{
    /// <summary>The runner of every registered <see cref="IScheduledJob"/>; jobs register themselves as <see cref="IScheduledJob"/>.</summary>
    public static IHostApplicationBuilder AddScheduledJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SchedulingOptions>()
            .BindConfiguration(SchedulingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<JobStatus>();
        builder.Services.AddHostedService<ScheduledJobRunner>();
        // A check that cannot read job_runs is Degraded too: the database check already says whether the database is down.
        builder.Services.AddHealthChecks().AddCheck<FailingJobsHealthCheck>("jobs", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        return builder;
    }
}
