using System.Net;
using System.Security.Cryptography;
using System.Text;
using BujjiCoder.IntegrationTests.Hosting;
using BujjiCoder.ServiceDefaults.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>
/// The "Rotate the JWT signing key" procedure of docs/RUNBOOK.md against a running Api: keys change in its configuration
/// at run time (as a Key Vault reload changes them), never by rebuilding or restarting the host.
/// </summary>
public sealed class SigningKeyRotationTests(TestInfrastructure infrastructure)
{
    /// <summary>Step 1 of the runbook: how a new key is made. The tests use what it prints as the new key.</summary>
    private const string GenerateCommand = "openssl rand -base64 48";

    /// <summary>The runbook's check: the kid of a key, to compare with the kid of a token issued after the rotation.</summary>
    private const string KeyIdCommand = "printf '%s' \"$NEW_KEY\" | openssl dgst -sha256 -binary | head -c 9 | openssl base64 | tr '+/' '-_'";

    private const string SigningKey = "Auth:Jwt:SigningKey";
    private const string PreviousKey = "Auth:Jwt:PreviousSigningKeys:0";

    private static readonly string OldKey = ServiceFactory<Program>.TestSigningKey;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_signed_before_a_rotation_works_while_its_key_is_previous_and_is_refused_once_the_key_is_dropped()
    {
        await AssertDocumentedAsync(GenerateCommand, KeyIdCommand, "Auth--Jwt--SigningKey", "Auth--Jwt--PreviousSigningKeys--0", "Access tokens are now signed with key <kid>; 1 previous key(s) still validate.");
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().CollectLogs().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var settings = ReloadingSettings.AddTo(api);
        var (userName, before) = await NewSessionAsync(client);
        Assert.Equal(KeyId(OldKey), new JsonWebToken(before.AccessToken).Kid);

        var newKey = (await ShellAsync(GenerateCommand)).Trim();
        settings.Set(new Dictionary<string, string?> { [SigningKey] = newKey, [PreviousKey] = OldKey });

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, before.AccessToken)).StatusCode);
        var after = await TokensFromAsync(await LoginAsync(client, userName));
        var newKid = new JsonWebToken(after.AccessToken).Kid;
        Assert.Equal((await ShellAsync(KeyIdCommand, ("NEW_KEY", newKey))).Trim(), newKid);
        Assert.NotEqual(KeyId(OldKey), newKid);
        Assert.Contains(api.Logs.Lines, line => line.Contains($"Access tokens are now signed with key {newKid}; 1 previous key(s) still validate.", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, after.AccessToken)).StatusCode);
        // Refresh tokens are opaque rows in the database, not signed: a rotation leaves them alone.
        var refreshed = await TokensFromAsync(await RefreshAsync(client, before.RefreshToken));
        Assert.Equal(newKid, new JsonWebToken(refreshed.AccessToken).Kid);

        settings.Set(new Dictionary<string, string?> { [PreviousKey] = null });

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, before.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, after.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, refreshed.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Tokens_with_an_unknown_key_a_swapped_or_unknown_kid_or_alg_none_are_refused()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        ReloadingSettings.AddTo(api).Set(new Dictionary<string, string?> { [SigningKey] = newKey, [PreviousKey] = OldKey });
        var (_, tokens) = await NewSessionAsync(client);
        var claims = Claims(tokens.AccessToken);
        var handler = new JsonWebTokenHandler();

        var forgedByUs = handler.CreateToken(Descriptor(claims, newKey, KeyId(newKey)));
        var byPreviousKey = handler.CreateToken(Descriptor(claims, OldKey, KeyId(OldKey)));
        var withoutKid = handler.CreateToken(Descriptor(claims, OldKey, kid: null));
        var unknownKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var unknownKeyCurrentKid = handler.CreateToken(Descriptor(claims, unknownKey, KeyId(newKey)));
        var unknownKeyOwnKid = handler.CreateToken(Descriptor(claims, unknownKey, KeyId(unknownKey)));
        var unknownKeyNoKid = handler.CreateToken(Descriptor(claims, unknownKey, kid: null));
        var unsigned = WithHeader(handler.CreateToken(Descriptor(claims, key: null, kid: null)), "kid", KeyId(newKey));
        // Signed by a listed key, but naming another key or none we know: the kid picks the one key tried, nothing else.
        var listedKeyOtherKid = handler.CreateToken(Descriptor(claims, newKey, KeyId(OldKey)));
        var listedKeyUnknownKid = handler.CreateToken(Descriptor(claims, newKey, "AAAAAAAAAAAA"));
        var kidSwapped = WithHeader(tokens.AccessToken, "kid", KeyId(OldKey));
        var kidUnknown = WithHeader(tokens.AccessToken, "kid", "AAAAAAAAAAAA");

        // The same claims, rightly signed, pass: what fails below fails for its key, kid or alg alone.
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, tokens.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, forgedByUs)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, byPreviousKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, withoutKid)).StatusCode);
        Assert.Contains("\"alg\":\"none\"", Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(unsigned.Split('.')[0])), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, unknownKeyCurrentKid)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, unknownKeyOwnKid)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, unknownKeyNoKid)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, unsigned)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, listedKeyOtherKid)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, listedKeyUnknownKid)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, kidSwapped)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, kidUnknown)).StatusCode);
    }

    [Fact]
    public async Task A_reload_with_a_short_or_repeated_key_is_not_taken_and_the_keys_in_force_stay()
    {
        await using var api = await TestHost.Postgres(infrastructure).WithOpenRegistration().CollectLogs().BuildApiAsync();
        using var client = api.Factory.CreateClient();
        var settings = ReloadingSettings.AddTo(api);
        var (userName, before) = await NewSessionAsync(client);

        // The reload itself reports the refusal (a Key Vault reload counts it as failed); the Api keeps serving.
        Assert.NotNull(Record.Exception(() => settings.Set(new Dictionary<string, string?> { [SigningKey] = "too-short-a-key" })));
        Assert.NotNull(Record.Exception(() => settings.Set(new Dictionary<string, string?> { [SigningKey] = null, [PreviousKey] = OldKey })));

        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, before.AccessToken)).StatusCode);
        var after = await TokensFromAsync(await LoginAsync(client, userName));
        Assert.Equal(KeyId(OldKey), new JsonWebToken(after.AccessToken).Kid);
        Assert.Contains(api.Logs.Lines, m => m.Contains("signing keys in force stay", StringComparison.Ordinal)
            && m.Contains("Auth:Jwt:PreviousSigningKeys:0 repeats another signing key", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Logs.Lines, m => m.Contains(OldKey, StringComparison.Ordinal));

        // Corrected, the next reload is taken as usual.
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        settings.Set(new Dictionary<string, string?> { [SigningKey] = newKey, [PreviousKey] = OldKey });
        var corrected = await TokensFromAsync(await LoginAsync(client, userName));
        Assert.Equal(KeyId(newKey), new JsonWebToken(corrected.AccessToken).Kid);
        Assert.Equal(HttpStatusCode.OK, (await MeAsync(client, before.AccessToken)).StatusCode);
    }

    [Theory]
    [InlineData(SampleSecrets.DevelopmentJwtSigningKey, "Auth:Jwt:PreviousSigningKeys:0 holds a sample or placeholder value")]
    [InlineData("thirty-one-bytes-is-one-too-few", "Auth:Jwt:PreviousSigningKeys:0 must be at least 32 bytes")]
    [InlineData("", "Auth:Jwt:PreviousSigningKeys:0 repeats another signing key")]
    public async Task A_previous_key_that_is_a_sample_too_short_or_the_current_key_stops_the_start_naming_it(string previous, string message)
    {
        // The empty case stands for "the current key again" (the test's key is per run, not a constant).
        var key = previous.Length == 0 ? OldKey : previous;
        await using var api = await TestHost.Postgres(infrastructure).With(PreviousKey, key).BuildApiAsync();

        // What Program runs before anything else (ServiceStartup.TryValidateConfiguration), whose failures stop the process.
        var failure = Assert.Throws<OptionsValidationException>(() => api.Factory.Services.GetRequiredService<IStartupValidator>().Validate());

        var text = string.Join(" ", failure.Failures);
        Assert.Contains(message, text, StringComparison.Ordinal);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
    }

    /// <summary>The kid the Api gives a key, computed here independently: SHA-256 of its UTF-8, first 9 bytes, base64url.</summary>
    private static string KeyId(string key) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 9).ToArray());

    private static async Task AssertDocumentedAsync(params string[] texts)
    {
        var runbook = await File.ReadAllTextAsync(Path.Combine(SolutionPaths.Root, "docs", "RUNBOOK.md"), Cancellation);
        Assert.All(texts, text => Assert.Contains(text, runbook, StringComparison.Ordinal));
    }

    /// <summary>Runs a documented line as an operator's shell does.</summary>
    private static async Task<string> ShellAsync(string command, params (string Name, string Value)[] environment)
    {
        var result = await CommandLine.RunAsync(
            "bash", ["-c", command], TimeSpan.FromMinutes(1),
            environment: environment.ToDictionary(variable => variable.Name, string? (variable) => variable.Value),
            cancellationToken: Cancellation);
        Assert.True(result.Succeeded, $"{command}: exit code {result.ExitCode}\n{result.Error}");
        return result.Output;
    }

    private static string WithHeader(string token, string name, string value)
    {
        var parts = token.Split('.');
        var header = System.Text.Json.Nodes.JsonNode.Parse(Base64UrlEncoder.DecodeBytes(parts[0]))!.AsObject();
        header[name] = value;
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{parts[1]}.{parts[2]}";
    }

    private static Dictionary<string, object> Claims(string accessToken) =>
        new JsonWebToken(accessToken).Claims
            .Where(claim => claim.Type is not ("exp" or "nbf" or "iat" or "iss" or "aud"))
            .GroupBy(claim => claim.Type)
            .ToDictionary(group => group.Key, group => group.Count() == 1 ? (object)group.First().Value : group.Select(c => c.Value).ToArray());

    private static SecurityTokenDescriptor Descriptor(Dictionary<string, object> claims, string? key, string? kid)
    {
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = "bujji-coder",
            Audience = "bujji-coder-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            TokenType = "at+jwt",
            Claims = claims,
            SigningCredentials = key is null ? null : new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) { KeyId = kid }, SecurityAlgorithms.HmacSha256),
        };
    }
}
