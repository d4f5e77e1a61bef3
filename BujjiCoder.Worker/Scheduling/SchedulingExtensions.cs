namespace BujjiCoder.Worker.Scheduling;

internal static class SchedulingExtensions
{
    /// <summary>The runner of every registered <see cref="IScheduledJob"/>; jobs register themselves as <see cref="IScheduledJob"/>.</summary>
    public static IHostApplicationBuilder AddScheduledJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<ScheduledJobRunner>();
        return builder;
    }
}
