using BujjiCoder.Api.Auth.Passwords;
using BujjiCoder.Api.Auth.Tokens;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Auth;

internal static class AuthServiceExtensions
{
    public static IHostApplicationBuilder AddAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddIdentityCore<BujjiUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<BujjiDbContext>()
            .AddUserManager<BujjiUserManager>()
            .AddPasswordValidator<NistPasswordValidator>();
        builder.Services.AddOptions<IdentityOptions>().Configure<IOptions<AuthOptions>>((identity, auth) =>
        {
            // NIST SP 800-63B: length, not composition.
            identity.Password.RequiredLength = 12;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequiredUniqueChars = 1;
            identity.User.RequireUniqueEmail = true;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = auth.Value.Lockout.MaxFailedAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = auth.Value.Lockout.Duration;
        });
        builder.Services.AddSingleton<CommonPasswords>();
        builder.Services.AddSingleton<SigningKeys>();
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddScoped<RefreshTokens>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddSingleton<BujjiCoder.Workspaces.Audit.IAuditOrigin, RequestAuditOrigin>();
        builder.Services.AddSingleton<AdminBootstrap>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AdminBootstrap>());

        builder.Services.AddSingleton<IdentityCacheGenerations>();
        builder.Services.AddSingleton<IdentityCache>();
        builder.Services.AddSingleton<IdentityCacheInvalidation>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IdentityCacheInvalidation>());
        builder.Services.AddSingleton<PersonalAccessTokenLastUse>();
        builder.Services.AddScoped<PersonalAccessTokens>();
        builder.Services.AddScoped<Invitations>();
        builder.Services.AddScoped<Lockout>();
        builder.Services.AddSingleton<AuthMetrics>();
        var entraId = EntraId.IsConfigured(builder.Configuration);
        var authentication = builder.Services.AddAuthentication(PersonalAccessTokenHandler.SelectorScheme)
            .AddPolicyScheme(PersonalAccessTokenHandler.SelectorScheme, null,
                selector => selector.ForwardDefaultSelector = context => PersonalAccessTokenHandler.SelectScheme(context, entraId))
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, null);
        if (entraId)
        {
            EntraId.Add(builder, authentication);
        }
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>, SigningKeys>((jwt, auth, keys) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = AccessTokens.ValidationParameters(auth.Value.Jwt, keys);
            jwt.Events = new JwtBearerEvents { OnTokenValidated = SecurityStampValidation.OnTokenValidatedAsync };
        });

        // Every /api/v1 endpoint requires a signed-in caller unless it says AllowAnonymous (see MapApiEndpoints).
        builder.Services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        builder.Services.AddSingleton<IAuthorizationHandler, WorkspaceAuthorizationHandler>();
        var authorization = builder.Services.AddAuthorizationBuilder()
            // Managing credentials needs a person who signed in, not a script's token.
            .AddPolicy(Policies.Interactive, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(context => !PermissionHandler.IsPersonalAccessToken(context.User)));
        foreach (var permission in Permissions.All)
        {
            authorization.AddPolicy(permission, policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
        }

        return builder;
    }
}
