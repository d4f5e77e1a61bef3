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
/// Makes sure a named administrator exists and is Admin: at start-up from <c>Auth:Bootstrap</c>, or once from
/// the command line (<c>create-admin</c>). Creates the account once; never resets a password it did not
/// create. Replicas racing here meet Identity's unique indexes.
/// </summary>
internal sealed partial class AdminBootstrap(IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time, ILogger<AdminBootstrap> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var bootstrap = options.Value.Bootstrap;
        return string.IsNullOrWhiteSpace(bootstrap.AdminEmail)
            ? Task.CompletedTask
            : EnsureAdminAsync(bootstrap.AdminEmail, bootstrap.AdminUserName, bootstrap.AdminPassword!);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Returns the administrator's user name.</summary>
    public async Task<string> EnsureAdminAsync(string email, string? userName, string password)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BujjiUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new BujjiUser { UserName = userName ?? email.Split('@')[0], Email = email, CreatedAt = time.GetUtcNow().UtcDateTime };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(
                    $"Could not create the administrator: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }
        }

        if (!await users.IsInRoleAsync(user, Roles.Admin))
        {
            await users.AddToRoleAsync(user, Roles.Admin);
            await scope.ServiceProvider.GetRequiredService<AuditLog>()
                .WriteAsync(AuditActions.Bootstrap, AuditOutcomes.Success, target: user.Id, actorId: user.Id);
            LogBootstrapped(logger, user.UserName!);
        }

        return user.UserName!;
    }

    [LoggerMessage(LogLevel.Warning, "Bootstrap made {UserName} an administrator")]
    private static partial void LogBootstrapped(ILogger logger, string userName);
}
