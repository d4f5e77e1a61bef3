using System.Globalization;
using BujjiCoder.Api.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>
/// The framework's rate limiter with two layers: <see cref="ApiRateLimiter"/> globally (per IP, user, token and
/// endpoint group, shared through Redis) and the password-hashing concurrency cap on the sign-in endpoints.
/// </summary>
internal static class RateLimitingExtensions
{
    public static IHostApplicationBuilder AddApiRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        builder.Services.AddSingleton<LocalRateLimitCounter>();
        builder.Services.AddSingleton<ApiRateLimiter>();
        builder.Services.AddOptions<RateLimiterOptions>().Configure<ApiRateLimiter>((limiter, global) =>
        {
            limiter.GlobalLimiter = global;
            limiter.OnRejected = OnRejectedAsync;
        });
        builder.AddPasswordHashingLimit();
        return builder;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        if (context.Lease.TryGetMetadata(DecisionLease.DecisionName, out var decision) && decision?.Refused is { } refused)
        {
            response.Headers.RetryAfter = RateLimitHeaders.Seconds(refused.Reset).ToString(CultureInfo.InvariantCulture);
            await Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
                    $"The '{refused.Rule.Policy}' limit of {refused.Rule.PermitLimit} requests per {RateLimitHeaders.Seconds(refused.Rule.Window)} s is used up. "
                    + $"Try again in {RateLimitHeaders.Seconds(refused.Reset)} s.")
                .ExecuteAsync(context.HttpContext);
            return;
        }

        await PasswordHashingLimit.OnRejectedAsync(context.HttpContext);
    }
}
