using Microsoft.AspNetCore.DataProtection;

namespace BujjiCoder.Api.Llm;

/// <summary>Encrypts users' provider keys with Data Protection; the key ring is shared by every replica (Redis in server mode).</summary>
internal sealed class ProviderKeyProtector(IDataProtectionProvider provider)
{
    // Changing the purpose makes every stored key unreadable: it is part of the storage format.
    private readonly IDataProtector _protector = provider.CreateProtector("BujjiCoder.ProviderKeys.v1");

    public string Protect(string apiKey) => _protector.Protect(apiKey);

    public string Unprotect(string protectedKey) => _protector.Unprotect(protectedKey);
}
