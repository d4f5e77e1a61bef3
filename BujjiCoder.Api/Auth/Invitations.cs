using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Api.Auth;

/// <summary>Single-use invitation codes for <c>Invite</c> registration mode.</summary>
internal sealed class Invitations(BujjiDbContext db, TimeProvider time)
{
    public async Task<(Invitation Invitation, string Code)> CreateAsync(string createdBy, string? email, string role, TimeSpan lifetime)
    {
        var code = OpaqueTokens.New("inv_");
        var now = time.GetUtcNow().UtcDateTime;
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(),
            CodeHash = OpaqueTokens.Hash(code),
            Email = email,
            Role = role,
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        return (invitation, code);
    }

    /// <summary>
    /// Claims the code for <paramref name="email"/>: atomically, so two registrations racing with one code
    /// cannot both succeed. Returns null when the code is unknown, used, revoked, expired or for another address.
    /// </summary>
    public async Task<Invitation?> ClaimAsync(string code, string email)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hash = OpaqueTokens.Hash(code);
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.CodeHash == hash);
        if (invitation is null || invitation.RevokedAt is not null || invitation.ExpiresAt <= now
            || (invitation.Email is not null && !string.Equals(invitation.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var claimed = await db.Invitations.Where(i => i.Id == invitation.Id && i.UsedAt == null)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.UsedAt, now));
        return claimed == 1 ? invitation : null;
    }

    public Task CompleteAsync(Guid id, string userId) =>
        db.Invitations.Where(i => i.Id == id).ExecuteUpdateAsync(i => i.SetProperty(x => x.UsedBy, userId));

    /// <summary>Gives a claimed code back when the registration it was claimed for failed.</summary>
    public Task ReleaseAsync(Guid id) =>
        db.Invitations.Where(i => i.Id == id && i.UsedBy == null).ExecuteUpdateAsync(i => i.SetProperty(x => x.UsedAt, (DateTime?)null));

    public Task<int> RevokeAsync(Guid id) =>
        db.Invitations.Where(i => i.Id == id && i.RevokedAt == null && i.UsedAt == null)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.RevokedAt, time.GetUtcNow().UtcDateTime));
}
