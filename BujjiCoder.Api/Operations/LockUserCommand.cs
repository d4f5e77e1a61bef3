using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data.Entities;
using BujjiCoder.ServiceDefaults.Startup;
using Microsoft.AspNetCore.Identity;

namespace BujjiCoder.Api.Operations;

/// <summary>
/// <c>lock-user --email &lt;email&gt;</c> (and <c>--unlock</c>): what <c>PATCH /api/v1/admin/users/{id}</c> with
/// <c>{ "disabled": true }</c> does, for an operator with a shell but no administrator's token. A disabled user cannot sign in,
/// refresh or use a personal access token, and the new security stamp stops their access tokens at the next request.
/// The last enabled administrator is refused, as by the endpoint: make another one with <c>create-admin</c> first.
/// </summary>
internal static class LockUserCommand
{
    public const string Name = "lock-user";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var email = OperatorCommands.Option(args, "--email");
        if (email is null)
        {
            Console.Error.WriteLine("Usage: lock-user --email <email> [--unlock]");
            return OperatorCommands.Usage;
        }

        if (!app.TryValidateConfiguration())
        {
            return OperatorCommands.Failed;
        }

        var disable = !OperatorCommands.Flag(args, "--unlock");
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BujjiUser>>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            Console.Error.WriteLine($"No user has the email {email}. Nothing was changed.");
            return OperatorCommands.Failed;
        }

        if (disable && await users.IsInRoleAsync(user, Roles.Admin)
            && (await users.GetUsersInRoleAsync(Roles.Admin)).Count(admin => !admin.Disabled) <= 1)
        {
            await audit.WriteAsync(AuditActions.UserUpdate, AuditOutcomes.Denied, target: user.Id, detail: "command;last-admin");
            Console.Error.WriteLine($"Refused: {email} is the last enabled administrator. Run create-admin for another one first. Nothing was changed.");
            return OperatorCommands.Refused;
        }

        if (user.Disabled != disable)
        {
            user.Disabled = disable;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
            if (disable)
            {
                await scope.ServiceProvider.GetRequiredService<RefreshTokens>().RevokeAllAsync(user.Id, "disabled", CancellationToken.None);
            }
        }

        await audit.WriteAsync(AuditActions.UserUpdate, AuditOutcomes.Success, target: user.Id, detail: $"command;disabled={disable}");
        Console.WriteLine(disable
            ? $"{user.UserName} <{email}> is locked: sign-in, refresh and personal access tokens are refused, and access tokens stop at their next request."
            : $"{user.UserName} <{email}> is unlocked and can sign in again.");
        return OperatorCommands.Done;
    }
}
