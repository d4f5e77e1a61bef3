namespace BujjiCoder.Api.Account;

internal static class AccountServiceExtensions
{
    public static IHostApplicationBuilder AddAccount(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LoginTiming>();
        return builder;
    }
}
