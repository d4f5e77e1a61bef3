using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Auth.Tokens;

/// <summary>A refresh token as handed to the client, with the moment it stops working and the session (family) it belongs to.</summary>
internal sealed record IssuedRefreshToken(string Value, DateTime ExpiresAt, Guid FamilyId);

/// <summary>Who signed in, as far as the request tells: what the user sees to recognise a session in <c>/me/sessions</c>.</summary>
internal sealed record SignInClient(string? UserAgent, string? Ip)
{
    public static SignInClient From(HttpContext http) =>
        new(Truncate(http.Request.Headers.UserAgent.ToString(), 512), http.Connection.RemoteIpAddress?.ToString());

    private static string? Truncate(string value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}

/// <summary>A signed-in session: a refresh-token family still able to refresh.</summary>
internal sealed record ActiveSession(Guid FamilyId, string? UserAgent, string? Ip, DateTime CreatedAt, DateTime LastUsedAt);

/// <summary>The outcome of presenting a refresh token: its successor, or why there is none (<c>unknown</c>, <c>expired</c>, <c>revoked</c>, <c>reuse</c>).</summary>
internal sealed record Rotation(string? UserId, IssuedRefreshToken? Token, string? Failure)
{
    public static Rotation Failed(string reason, string? userId = null) => new(userId, null, reason);
}

/// <summary>
/// Refresh tokens: 256 random bits, stored only as a SHA-256 hash, rotated on every use, grouped in
/// families. A token presented a second time revokes its whole family: either the client or a thief
/// holds a copy, and the server cannot tell which.
/// </summary>
internal sealed class RefreshTokens(BujjiDbContext db, IOptions<AuthOptions> options, TimeProvider time)
{
    private RefreshTokenOptions Settings => options.Value.RefreshTokens;

    /// <summary>Starts a new family (a login) from <paramref name="client"/>.</summary>
    public Task<IssuedRefreshToken> IssueAsync(string userId, SignInClient client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return AddAsync(userId, Guid.NewGuid(), now + Settings.AbsoluteLifetime, client, cancellationToken);
    }

    /// <summary>
    /// The user's families that can still refresh, most recently used first. The one live token of a family (not consumed,
    /// revoked or expired) was issued by its last rotation; the family began with its oldest token.
    /// </summary>
    public async Task<IReadOnlyList<ActiveSession>> ActiveAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.RefreshTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.ConsumedAt == null && t.RevokedAt == null && t.ExpiresAt > now && t.FamilyExpiresAt > now)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new ActiveSession(t.FamilyId, t.UserAgent, t.Ip,
                db.RefreshTokens.Where(f => f.FamilyId == t.FamilyId).Min(f => f.CreatedAt), t.CreatedAt))
            .Take(500)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Revokes the family <paramref name="familyId"/> if it is <paramref name="userId"/>'s and can still refresh; false otherwise.</summary>
    public async Task<bool> RevokeSessionAsync(Guid familyId, string userId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var alive = await db.RefreshTokens.AnyAsync(
            t => t.FamilyId == familyId && t.UserId == userId && t.ConsumedAt == null && t.RevokedAt == null && t.ExpiresAt > now && t.FamilyExpiresAt > now,
            cancellationToken);
        return alive && await RevokeFamilyAsync(familyId, reason, cancellationToken) > 0;
    }

    /// <summary>
    /// Consumes <paramref name="value"/> and issues its successor in the same family. Fails when the token
    /// is unknown, expired, revoked or already used; in the last case the family is revoked too.
    /// </summary>
    public async Task<Rotation> RotateAsync(string value, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var token = await FindAsync(value, cancellationToken);
        if (token is null)
        {
            return Rotation.Failed("unknown");
        }

        if (token.RevokedAt is not null)
        {
            return Rotation.Failed("revoked", token.UserId);
        }

        if (token.ExpiresAt <= now || token.FamilyExpiresAt <= now)
        {
            return Rotation.Failed("expired", token.UserId);
        }

        // Consume atomically: of two requests racing with the same token, exactly one wins.
        var consumed = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.ConsumedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.ConsumedAt, now), cancellationToken);
        if (consumed == 0)
        {
            await RevokeFamilyAsync(token.FamilyId, "reuse", cancellationToken);
            return Rotation.Failed("reuse", token.UserId);
        }

        var next = await AddAsync(token.UserId, token.FamilyId, token.FamilyExpiresAt, new SignInClient(token.UserAgent, token.Ip), cancellationToken);
        return new Rotation(token.UserId, next, null);
    }

    /// <summary>Revokes the family <paramref name="value"/> belongs to, if it belongs to <paramref name="userId"/>.</summary>
    public async Task RevokeFamilyOfAsync(string value, string userId, string reason, CancellationToken cancellationToken)
    {
        var token = await FindAsync(value, cancellationToken);
        if (token is not null && token.UserId == userId)
        {
            await RevokeFamilyAsync(token.FamilyId, reason, cancellationToken);
        }
    }

    public Task<int> RevokeAllAsync(string userId, string reason, CancellationToken cancellationToken) =>
        Revoke(db.RefreshTokens.Where(t => t.UserId == userId), reason, cancellationToken);

    private Task<int> RevokeFamilyAsync(Guid familyId, string reason, CancellationToken cancellationToken) =>
        Revoke(db.RefreshTokens.Where(t => t.FamilyId == familyId), reason, cancellationToken);

    private Task<int> Revoke(IQueryable<RefreshToken> tokens, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return tokens.Where(t => t.RevokedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now).SetProperty(x => x.RevokedReason, reason), cancellationToken);
    }

    private async Task<IssuedRefreshToken> AddAsync(string userId, Guid familyId, DateTime familyExpiresAt, SignInClient client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var value = OpaqueTokens.New();
        var expiresAt = Min(now + Settings.SlidingLifetime, familyExpiresAt);
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = OpaqueTokens.Hash(value),
            CreatedAt = now,
            ExpiresAt = expiresAt,
            FamilyExpiresAt = familyExpiresAt,
            UserAgent = client.UserAgent,
            Ip = client.Ip,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedRefreshToken(value, expiresAt, familyId);
    }

    private Task<RefreshToken?> FindAsync(string value, CancellationToken cancellationToken)
    {
        var hash = OpaqueTokens.Hash(value);
        return db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
