using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Api.Http;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Llm;

/// <summary>A key goes into an HTTP header of every call, so it is one line; the base URL is checked by the outbound policy.</summary>
public sealed record ProviderKeyRequest(
    [property: Required, StringLength(4096, MinimumLength = 8), SingleLineText] string? ApiKey,
    [property: StringLength(2048)] string? BaseUrl);

internal sealed record ProviderKeyResponse(string Provider, string Last4, string? BaseUrl, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>
/// Bring your own key: a user's key per provider, stored encrypted (Data Protection), never returned — only its
/// last four characters. When present it is used instead of the server's key for that user's calls.
/// </summary>
internal static class ProviderKeyEndpoints
{
    public static RouteGroupBuilder MapProviderKeyEndpoints(this RouteGroupBuilder api)
    {
        // Keys are credentials: like tokens, they are managed by a person who signed in, never by a script's token
        // (a leaked read-only token could otherwise point the user's chats, code included, at a server of its choosing).
        var keys = api.MapGroup("/me/provider-keys").WithTags("Provider keys").RequireAuthorization(Policies.Interactive);
        keys.MapGet("/", ListAsync);
        keys.MapPut("/{provider}", PutAsync).ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapDelete("/{provider}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<List<ProviderKeyResponse>>> ListAsync(ClaimsPrincipal caller, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var userId = caller.FindFirstValue(TokenClaims.Subject)!;
        var keys = await db.ProviderKeys.AsNoTracking().Where(k => k.UserId == userId).OrderBy(k => k.Provider)
            .Select(k => new ProviderKeyResponse(k.Provider, k.Last4, k.BaseUrl, k.CreatedAt, k.UpdatedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(keys);
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> PutAsync(
        string provider, ProviderKeyRequest request, ClaimsPrincipal caller, [FromServices] BujjiDbContext db, ProviderKeyProtector protector,
        OutboundAddressPolicy outbound, IOptions<LlmOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!options.Value.Providers.TryGetValue(provider, out _))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "unknown-provider", "Unknown provider",
                $"There is no provider '{provider}' on this server; see GET /api/v1/models.");
        }

        Uri? baseUrl = null;
        if (!string.IsNullOrWhiteSpace(request.BaseUrl) && !outbound.TryValidate(request.BaseUrl, out baseUrl, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["baseUrl"] = [error] });
        }

        var userId = caller.FindFirstValue(TokenClaims.Subject)!;
        var apiKey = request.ApiKey!.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        // Provider names are case-insensitive in the catalogue and stored lower-case: look the key up the same way.
        var name = provider.ToLowerInvariant();
        var key = await db.ProviderKeys.SingleOrDefaultAsync(k => k.UserId == userId && k.Provider == name, cancellationToken);
        if (key is null)
        {
            db.ProviderKeys.Add(key = new ProviderKey { UserId = userId, Provider = name, ProtectedKey = string.Empty, Last4 = string.Empty, CreatedAt = now });
        }

        key.ProtectedKey = protector.Protect(apiKey);
        key.Last4 = apiKey[^4..];
        key.BaseUrl = baseUrl?.ToString();
        key.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string provider, ClaimsPrincipal caller, [FromServices] BujjiDbContext db, CancellationToken cancellationToken)
    {
        var userId = caller.FindFirstValue(TokenClaims.Subject)!;
        var deleted = await db.ProviderKeys.Where(k => k.UserId == userId && k.Provider == provider.ToLowerInvariant()).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }
}
