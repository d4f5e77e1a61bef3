using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using BujjiCoder.Api.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>Settings of <c>RateLimiting:PasswordHashing</c>.</summary>
internal sealed class PasswordHashingLimitOptions
{
    public const string SectionName = "RateLimiting:PasswordHashing";

    /// <summary>Requests hashing a password at once; 0 means twice the processor count.</summary>
    [Range(0, 10_000)]
    public int Concurrency { get; set; }

    /// <summary>Requests waiting for a slot before more are refused.</summary>
    [Range(0, 100_000)]
    public int Queue { get; set; } = 100;

    public int EffectiveConcurrency => Concurrency == 0 ? Environment.ProcessorCount * 2 : Concurrency;
}

/// <summary>
/// A cap on the requests that hash passwords (register, login, change-password): each costs tens of milliseconds
/// of CPU by design, so a login flood would otherwise starve every other request. Beyond the cap and its queue the
/// answer is 429 with Retry-After, on the framework's rate limiter (beside the per-IP, per-user and per-group limits).
/// </summary>
internal static class PasswordHashingLimit
{
    public const string Policy = "password-hashing";

    public static IHostApplicationBuilder AddPasswordHashingLimit(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(PasswordHashingLimitOptions.SectionName).Get<PasswordHashingLimitOptions>() ?? new();
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        builder.Services.AddSingleton(settings);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(Policy, options =>
            {
                options.PermitLimit = settings.EffectiveConcurrency;
                options.QueueLimit = settings.Queue;
                options.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
        });
        return builder;
    }

    public static async ValueTask OnRejectedAsync(HttpContext context)
    {
        var concurrency = context.RequestServices.GetRequiredService<PasswordHashingLimitOptions>().EffectiveConcurrency;
        context.Response.Headers.RetryAfter = "1";
        context.Response.Headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"\"{Policy}\";q={concurrency}");
        var problem = Problems.Create(StatusCodes.Status429TooManyRequests, "too-many-sign-ins", "Too many sign-ins at once",
            "The server is checking too many passwords right now. Try again in a second.");
        await problem.ExecuteAsync(context);
    }
}
