using System.Security.Claims;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Identity.Web;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Settings of the <c>AzureAd</c> section beyond Microsoft.Identity.Web's own (Instance, TenantId, ClientId):
/// which app roles or groups make which Bujji Coder role.
/// </summary>
internal sealed class EntraIdOptions
{
    public const string SectionName = "AzureAd";

    /// <summary>App-role value or group object id → <c>Admin</c>, <c>User</c> or <c>Guest</c>.</summary>
    public Dictionary<string, string> RoleMappings { get; set; } = [];

    /// <summary>The role of a first sign-in that no mapping matches.</summary>
    public string DefaultRole { get; set; } = Roles.User;

    /// <summary>Off only for a loopback test authority; Entra ID itself is always HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}

/// <summary>
/// Entra ID as a second way in: Microsoft.Identity.Web validates the token, then the first sign-in of an
/// Entra account provisions a local account linked by object id, with the role its app roles or groups map
/// to. From then on the local account is what counts: roles changed by an admin and disabling apply.
/// </summary>
internal static class EntraId
{
    public const string Scheme = "EntraId";

    private static readonly string[] ObjectIdClaims = ["oid", ClaimConstants.ObjectId];
    private static readonly string[] RoleClaims = ["roles", ClaimTypes.Role];
    private static readonly string[] RolePrecedence = [Roles.Admin, Roles.User, Roles.Guest];

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{EntraIdOptions.SectionName}:ClientId"]);

    public static void Add(IHostApplicationBuilder builder, Microsoft.AspNetCore.Authentication.AuthenticationBuilder authentication)
    {
        var section = builder.Configuration.GetSection(EntraIdOptions.SectionName);
        builder.Services.AddOptions<EntraIdOptions>().Bind(section);
        authentication.AddMicrosoftIdentityWebApi(section, jwtBearerScheme: Scheme, subscribeToJwtBearerMiddlewareDiagnosticsEvents: false);
        builder.Services.PostConfigure<JwtBearerOptions>(Scheme, jwt =>
        {
            var settings = section.Get<EntraIdOptions>() ?? new EntraIdOptions();
            jwt.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            // A single-tenant API: the issuer is exactly the tenant's.
            jwt.TokenValidationParameters.ValidIssuer = $"{section["Instance"]?.TrimEnd('/')}/{section["TenantId"]}/v2.0";
            jwt.TokenValidationParameters.IssuerValidator = null;
            var validated = jwt.Events.OnTokenValidated;
            jwt.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                if (context.Result is null || context.Result.Succeeded)
                {
                    await ProvisionAsync(context);
                }
            };
        });
    }

    private static async Task ProvisionAsync(TokenValidatedContext context)
    {
        var external = context.Principal!;
        var objectId = First(external, ObjectIdClaims);
        if (objectId is null)
        {
            context.Fail("The Entra ID token has no object id.");
            return;
        }

        var services = context.HttpContext.RequestServices;
        var users = services.GetRequiredService<UserManager<BujjiUser>>();
        var audit = services.GetRequiredService<AuditLog>();
        var user = await users.Users.SingleOrDefaultAsync(u => u.EntraObjectId == objectId, context.HttpContext.RequestAborted);
        if (user is null)
        {
            var settings = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EntraIdOptions>>().Value;
            var role = MapRole(external, settings);
            var email = First(external, ["preferred_username", "email", ClaimTypes.Email]) is { } name && name.Contains('@', StringComparison.Ordinal)
                ? name
                : $"{objectId}@entra.invalid";
            user = new BujjiUser
            {
                UserName = $"entra-{objectId}",
                Email = email,
                EntraObjectId = objectId,
                CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                await audit.WriteAsync(AuditActions.Register, AuditOutcomes.Failure, target: objectId, detail: "entra:" + string.Join(';', created.Errors.Select(e => e.Code)));
                context.Fail("The Entra ID account could not be provisioned.");
                return;
            }

            await users.AddToRoleAsync(user, role);
            await audit.WriteAsync(AuditActions.Register, AuditOutcomes.Success, target: user.Id, actorId: user.Id, detail: $"entra;{role}");
        }

        if (user.Disabled)
        {
            context.Fail("The account is disabled.");
            return;
        }

        var claims = new List<Claim>
        {
            new(TokenClaims.Subject, user.Id),
            new(TokenClaims.Name, user.UserName!),
            new(TokenClaims.Email, user.Email!),
        };
        claims.AddRange((await users.GetRolesAsync(user)).Select(role => new Claim(TokenClaims.Role, role)));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, TokenClaims.Name, TokenClaims.Role));
    }

    /// <summary>The strongest role that an app role or group of the token maps to, else the default.</summary>
    private static string MapRole(ClaimsPrincipal external, EntraIdOptions settings)
    {
        var mapped = external.Claims
            .Where(claim => RoleClaims.Contains(claim.Type) || claim.Type == "groups")
            .Select(claim => settings.RoleMappings.GetValueOrDefault(claim.Value))
            .OfType<string>()
            .ToHashSet();
        return RolePrecedence.FirstOrDefault(mapped.Contains) ?? settings.DefaultRole;
    }

    private static string? First(ClaimsPrincipal principal, IEnumerable<string> types) =>
        types.Select(type => principal.FindFirst(type)?.Value).FirstOrDefault(value => !string.IsNullOrEmpty(value));
}
