using System.ComponentModel.DataAnnotations;
using BujjiCoder.Api.Auth;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.RateLimiting;

/// <summary>Refuses to start with a quota that is out of range or names a role or group that does not exist.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        Check(RateLimitOptions.SectionName, options, failures);
        Check($"{RateLimitOptions.SectionName}:Anonymous", options.Anonymous, failures);
        Check($"{RateLimitOptions.SectionName}:PersonalAccessTokens", options.PersonalAccessTokens, failures);
        foreach (var (role, quota) in options.Roles)
        {
            if (!Permissions.ByRole.ContainsKey(role))
            {
                failures.Add($"{RateLimitOptions.SectionName}:Roles has '{role}', which is not a role ({string.Join(", ", Permissions.ByRole.Keys)}).");
            }

            Check($"{RateLimitOptions.SectionName}:Roles:{role}", quota, failures);
        }

        foreach (var (group, quota) in options.Groups)
        {
            if (!RateLimitGroups.All.Contains(group, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{RateLimitOptions.SectionName}:Groups has '{group}', which is not a group ({string.Join(", ", RateLimitGroups.All)}).");
            }

            Check($"{RateLimitOptions.SectionName}:Groups:{group}", quota, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string section, object settings, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(result => $"{section}: {result.ErrorMessage}"));
        }
    }
}
