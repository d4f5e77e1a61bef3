using BujjiCoder.Api.Audit;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Settings of <c>Auth:Bootstrap</c>. There is no built-in administrator and no default password: the
/// first administrator is named here, with a password from a secret store or the environment.
/// </summary>
internal sealed class BootstrapOptions
{
    public string? AdminUserName { get; set; }

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>Development convenience: the first account registered becomes Admin while no Admin exists.</summary>
    public bool FirstUserBecomesAdmin { get; set; }
}

/// <summary>
/// At start-up, makes sure the configured administrator exists and is Admin. Creates the account once;
/// never resets a password it did not create. Replicas racing here meet Identity's unique indexes.
/// </summary>
internal sealed partial class AdminBootstrap(IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time, ILogger<AdminBootstrap> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bootstrap = options.Value.Bootstrap;
        if (string.IsNullOrWhiteSpace(bootstrap.AdminEmail))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BujjiUser>>();
        var user = await users.FindByEmailAsync(bootstrap.AdminEmail);
        if (user is null)
        {
            user = new BujjiUser
            {
                UserName = bootstrap.AdminUserName ?? bootstrap.AdminEmail.Split('@')[0],
                Email = bootstrap.AdminEmail,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user, bootstrap.AdminPassword!);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    $"Auth:Bootstrap could not create the administrator: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }
        }

        if (!await users.IsInRoleAsync(user, Roles.Admin))
        {
            await users.AddToRoleAsync(user, Roles.Admin);
            await scope.ServiceProvider.GetRequiredService<AuditLog>()
                .WriteAsync(AuditActions.Bootstrap, AuditOutcomes.Success, target: user.Id, actorId: user.Id);
            LogBootstrapped(logger, user.UserName!);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "Auth:Bootstrap made {UserName} an administrator")]
    private static partial void LogBootstrapped(ILogger logger, string userName);
}
