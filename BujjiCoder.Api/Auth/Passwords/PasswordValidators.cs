using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace BujjiCoder.Api.Auth.Passwords;

/// <summary>
/// Password rules after NIST SP 800-63B: long enough (Identity's <c>RequiredLength</c>, 12), not longer
/// than 128, no composition rules, and not a known common password or the account's own name or e-mail.
/// </summary>
internal sealed class NistPasswordValidator(CommonPasswords commonPasswords) : IPasswordValidator<BujjiUser>
{
    public const int MaximumLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<BujjiUser> manager, BujjiUser user, string? password)
    {
        var errors = new List<IdentityError>();
        if (password is { Length: > MaximumLength })
        {
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords must be at most {MaximumLength} characters." });
        }

        if (password is not null && commonPasswords.Contains(password))
        {
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "This password is on a list of commonly used passwords; choose another." });
        }

        if (password is not null && (Same(password, user.UserName) || Same(password, user.Email)))
        {
            errors.Add(new IdentityError { Code = "PasswordIsIdentity", Description = "Passwords must not be the user name or e-mail address." });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    private static bool Same(string password, string? value) =>
        value is not null && string.Equals(password, value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The shipped list of common passwords (see NOTICE.md), loaded once.</summary>
internal sealed class CommonPasswords
{
    private readonly HashSet<string> _passwords = Load();

    public bool Contains(string password) => _passwords.Contains(password.Trim().ToLowerInvariant());

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("BujjiCoder.Api.Auth.Passwords.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords;
    }
}
