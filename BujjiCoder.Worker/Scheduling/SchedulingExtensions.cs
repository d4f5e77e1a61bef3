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
        builder.Services.AddHealthChecks().AddCheck<FailingJobsHealthCheck>("jobs", tags: ["ready"]);
        return builder;
    }
}
