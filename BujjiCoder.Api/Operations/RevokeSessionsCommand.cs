using BujjiCoder.Api.Auth;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.ServiceDefaults.Startup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Operations;

/// <summary>
/// <c>revoke-sessions --all</c> (an incident: a leaked signing key, a breach) or <c>revoke-sessions --user &lt;email&gt;</c>:
/// revokes the refresh tokens and personal access tokens, and changes the security stamp, which every access token is checked
/// against on every request (<see cref="SecurityStampValidation"/>), so access tokens already handed out stop at their next request.
/// </summary>
internal static class RevokeSessionsCommand
{
    public const string Name = "revoke-sessions";

    private const string Reason = "operator-revoked";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var all = OperatorCommands.Flag(args, "--all");
        var email = OperatorCommands.Option(args, "--user");
        if (all == (email is not null))
        {
            Console.Error.WriteLine("Usage: revoke-sessions --all | revoke-sessions --user <email>");
            return OperatorCommands.Usage;
        }

        if (!app.TryValidateConfiguration())
        {
            return OperatorCommands.Failed;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BujjiUser>>();
        var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        List<string> ids;
        if (all)
        {
            ids = await db.Users.Select(u => u.Id).ToListAsync();
        }
        else if (await users.FindByEmailAsync(email!) is { } user)
        {
            ids = [user.Id];
        }
        else
        {
            Console.Error.WriteLine($"No user has the email {email}. Nothing was changed.");
            return OperatorCommands.Failed;
        }

        // Refresh and personal access tokens first: a stamp changed before them would leave a refresh token to mint new access tokens.
        var refresh = await db.RefreshTokens.Where(t => ids.Contains(t.UserId) && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, Reason));
        var personal = await db.PersonalAccessTokens.Where(t => ids.Contains(t.UserId) && t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now));
        // Written around PersonalAccessTokens, so the running Api replicas are told here.
        await scope.ServiceProvider.GetRequiredService<IdentityCacheInvalidation>().TokensChangedAsync();
        foreach (var id in ids)
        {
            if (await users.FindByIdAsync(id) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
                if (!all)
                {
                    await audit.WriteAsync(AuditActions.RevokeSessions, AuditOutcomes.Success, target: user.Id, detail: $"command;pat={personal}");
                }
            }
        }

        if (all)
        {
            await audit.WriteAsync(AuditActions.RevokeSessions, AuditOutcomes.Success, target: "*", detail: $"command;users={ids.Count};refresh={refresh};pat={personal}");
        }

        Console.WriteLine($"Revoked {refresh} refresh token(s) and {personal} personal access token(s) of {ids.Count} user(s); "
            + "their access tokens are refused from their next request. Everyone affected must sign in again.");
        return OperatorCommands.Done;
    }
}
