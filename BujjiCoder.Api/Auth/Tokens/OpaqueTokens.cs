using System.Security.Cryptography;
using System.Text;

namespace BujjiCoder.Api.Auth.Tokens;

/// <summary>
/// The one way Bujji Coder makes and stores opaque bearer tokens (refresh tokens, personal access tokens,
/// invitation codes): 256 random bits, base64url; only the SHA-256 is ever stored. A fast hash is enough:
/// the tokens are random, not chosen by people, so there is nothing to guess from the hash.
/// </summary>
internal static class OpaqueTokens
{
    public static string New(string prefix = "") =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
