using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Identity's UserManager, telling every Api process when an account changed. Every UserManager change (security stamp,
/// password, roles, disabled, lockout, name, e-mail) ends in <see cref="UpdateUserAsync"/>, and deletion in
/// <see cref="DeleteAsync"/>, so no caller can forget to invalidate the <see cref="IdentityCache"/>.
/// </summary>
internal sealed class BujjiUserManager(
    IUserStore<BujjiUser> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<BujjiUser> passwordHasher,
    IEnumerable<IUserValidator<BujjiUser>> userValidators, IEnumerable<IPasswordValidator<BujjiUser>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<BujjiUser>> logger,
    IdentityCacheInvalidation invalidation)
    : UserManager<BujjiUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    protected override async Task<IdentityResult> UpdateUserAsync(BujjiUser user)
    {
        try
        {
            return await base.UpdateUserAsync(user);
        }
        finally
        {
            // Also after a failure: whether part of it reached the database is not ours to guess, and a reload is cheap.
            await invalidation.UserChangedAsync(user.Id);
        }
    }

    public override async Task<IdentityResult> DeleteAsync(BujjiUser user)
    {
        try
        {
            return await base.DeleteAsync(user);
        }
        finally
        {
            // Also after a failure: whether part of it reached the database is not ours to guess, and a reload is cheap.
            await invalidation.UserChangedAsync(user.Id);
        }
    }
}
