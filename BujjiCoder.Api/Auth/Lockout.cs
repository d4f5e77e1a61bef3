using BujjiCoder.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Counts failed logins in the database with one atomic statement each. Identity's own AccessFailedAsync
/// saves under a concurrency stamp and silently drops the count when attempts race, so a brute force run
/// in parallel would never lock the account; here every failure counts.
/// </summary>
internal sealed class Lockout(BujjiDbContext db, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>Records one failure; returns the end of the lockout when this failure locked the account.</summary>
    public async Task<DateTimeOffset?> CountFailureAsync(string userId, CancellationToken cancellationToken)
    {
        var settings = options.Value.Lockout;
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.AccessFailedCount, x => x.AccessFailedCount + 1), cancellationToken);

        // Only the attempt that reaches the limit locks; it also starts the count again for after the lockout.
        var lockoutEnd = time.GetUtcNow() + settings.Duration;
        var locked = await db.Users.Where(u => u.Id == userId && u.AccessFailedCount >= settings.MaxFailedAttempts)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, lockoutEnd).SetProperty(x => x.AccessFailedCount, 0), cancellationToken);
        return locked > 0 ? lockoutEnd : null;
    }
}
