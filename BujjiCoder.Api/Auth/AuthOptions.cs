using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Auth;

/// <summary>Settings of the <c>Auth</c> section.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Who may create an account: anyone, holders of an invitation, or nobody.</summary>
    [EnumDataType(typeof(RegistrationMode), ErrorMessage = "Auth:RegistrationMode must be one of: Open, Invite, Closed.")]
    public RegistrationMode RegistrationMode { get; set; } = RegistrationMode.Invite;

    public JwtOptions Jwt { get; set; } = new();

    public RefreshTokenOptions RefreshTokens { get; set; } = new();

    public LockoutSettings Lockout { get; set; } = new();

    public BootstrapOptions Bootstrap { get; set; } = new();

    public IdentityCacheOptions IdentityCache { get; set; } = new();
}

internal enum RegistrationMode
{
    Open = 1,
    Invite,
    Closed,
}

/// <summary>Settings of <c>Auth:Jwt</c>: the access tokens.</summary>
internal sealed class JwtOptions
{
    /// <summary>The key that only ships in appsettings.Development.json; refused in every other environment.</summary>
    public const string DevelopmentKey = BujjiCoder.ServiceDefaults.Secrets.SampleSecrets.DevelopmentJwtSigningKey;

    public string Issuer { get; set; } = "bujji-coder";

    public string Audience { get; set; } = "bujji-coder-api";

    /// <summary>
    /// The current HMAC-SHA256 key, at least 32 bytes (256 bits) of UTF-8: it signs every new access token. Comes from
    /// a secret store or the environment, and may change while the Api runs (see <see cref="PreviousSigningKeys"/>).
    /// </summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>
    /// Keys that signed tokens before the last rotation: they still validate (never sign) so a rotation signs nobody
    /// out. Remove one once the access-token lifetime has passed since it stopped being <see cref="SigningKey"/>.
    /// </summary>
    public List<string> PreviousSigningKeys { get; set; } = [];

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Settings of <c>Auth:RefreshTokens</c>.</summary>
internal sealed class RefreshTokenOptions
{
    /// <summary>Unused for this long, a refresh token expires; each rotation starts it again.</summary>
    public TimeSpan SlidingLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>However often it is rotated, a login's tokens expire this long after the login.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Settings of <c>Auth:Lockout</c>.</summary>
internal sealed class LockoutSettings
{
    [Range(1, 100, ErrorMessage = "Auth:Lockout:MaxFailedAttempts must be between 1 and 100.")]
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}
