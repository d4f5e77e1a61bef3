using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Budgets;

internal static class BudgetServiceExtensions
{
    public static IHostApplicationBuilder AddBudgets(this IHostApplicationBuilder builder)
    {
        // Read through IOptionsMonitor, so changed role defaults apply without a restart where configuration reloads.
        builder.Services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BudgetOptions>, BudgetOptionsValidator>();
        builder.Services.AddScoped<BudgetGuard>();
        builder.Services.AddSingleton<BudgetMetrics>();
        builder.Services.AddScoped<BudgetOverrides>();
        return builder;
    }
}
