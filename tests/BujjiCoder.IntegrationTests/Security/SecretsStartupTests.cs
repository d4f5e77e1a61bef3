using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.ServiceDefaults.Secrets;
using BujjiCoder.Testing.FakeKeyVault;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// Where secrets come from and which are refused, on real processes configured as operators do it: environment
/// variables, and Key Vault read with the managed identity (Container Apps' identity endpoint), both stand-ins on
/// loopback because Azure cannot be reached from here.
/// </summary>
public sealed class SecretsStartupTests(TestInfrastructure infrastructure)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string RandomKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task The_development_signing_key_is_refused_outside_development_with_one_line_naming_the_key(string environment)
    {
        var (exitCode, output) = await RunToExitAsync("BujjiCoder.Api", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["ConnectionStrings__bujjidb"] = await infrastructure.Postgres.CreateDatabaseAsync(),
            ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
            ["Auth__Jwt__SigningKey"] = SampleSecrets.DevelopmentJwtSigningKey,
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith("Configuration error: Auth:Jwt:SigningKey holds a sample or placeholder value", line, StringComparison.Ordinal);
        Assert.DoesNotContain(SampleSecrets.DevelopmentJwtSigningKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Placeholders_and_short_passwords_in_any_secret_setting_are_refused_and_named_never_shown()
    {
        var (exitCode, output) = await RunToExitAsync("BujjiCoder.Api", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["ConnectionStrings__bujjidb"] = "Host=db.internal;Database=bujjidb;Username=bujji;Password=changeme",
            ["ConnectionStrings__cache"] = "cache.internal:6380,password=short-pw,ssl=true",
            ["Auth__Jwt__SigningKey"] = RandomKey(),
            ["Auth__Bootstrap__AdminEmail"] = "admin@example.com",
            ["Auth__Bootstrap__AdminPassword"] = "<your admin password>",
            ["Llm__Providers__openai__Kind"] = "OpenAI",
            ["Llm__Providers__openai__ApiKey"] = "your-api-key",
            ["DataProtection__CertificatePassword"] = "CHANGE_ME",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(Lines(output));
        Assert.Contains("ConnectionStrings:bujjidb (password) holds a sample", line, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:cache (password) is shorter than 12 characters", line, StringComparison.Ordinal);
        Assert.Contains("Auth:Bootstrap:AdminPassword holds a sample", line, StringComparison.Ordinal);
        Assert.Contains("Llm:Providers:openai:ApiKey holds a sample", line, StringComparison.Ordinal);
        Assert.Contains("DataProtection:CertificatePassword holds a sample", line, StringComparison.Ordinal);
        foreach (var value in new[] { "changeme", "short-pw", "<your admin password>", "your-api-key", "CHANGE_ME" })
        {
            Assert.DoesNotContain(value, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_worker_refuses_sample_secrets_too()
    {
        var (exitCode, output) = await RunToExitAsync("BujjiCoder.Worker", new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__bujjidb"] = await infrastructure.Postgres.CreateDatabaseAsync(),
            ["ConnectionStrings__cache"] = "127.0.0.1:6379,password=password",
        });

        Assert.Equal(1, exitCode);
        Assert.Equal("Configuration error: ConnectionStrings:cache (password) holds a sample or placeholder value; outside Development every secret must be a real one (from Key Vault, the environment or another secret store).",
            Assert.Single(Lines(output)));
    }

    [Fact]
    public async Task Development_starts_with_the_shipped_sample_key()
    {
        using var directory = TemporaryDirectory.Create("bujji-dev-sample");
        var port = BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort();
        await using var api = ServerProcess.StartProject("BujjiCoder.Api", [], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Database__DataDirectory"] = directory.Path,
            // The signing key is the sample of appsettings.Development.json; a placeholder key is fine here too.
            ["Llm__Providers__openai__Kind"] = "OpenAI",
            ["Llm__Providers__openai__ApiKey"] = "your-api-key",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await api.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/live", Cancellation)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var user = $"dev{Guid.NewGuid():N}"[..16];
        using var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { userName = user, email = $"{user}@example.test", password = "a development passphrase" }, Cancellation);
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = user, password = "a development passphrase" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Production_takes_its_secrets_from_key_vault_with_the_managed_identity()
    {
        await using var vault = await FakeKeyVault.StartAsync();
        var signingKey = RandomKey();
        const string adminPassword = "a vault kept administrator passphrase";
        vault.Set("Auth--Jwt--SigningKey", signingKey);
        vault.Set("ConnectionStrings--bujjidb", await infrastructure.Postgres.CreateDatabaseAsync());
        vault.Set("ConnectionStrings--cache", infrastructure.Redis.ConnectionString);
        vault.Set("Auth--Bootstrap--AdminEmail", "vault-admin@example.test");
        vault.Set("Auth--Bootstrap--AdminPassword", adminPassword);
        using var certificates = TemporaryDirectory.Create("bujji-vault-ca");
        var port = BujjiCoder.AppHost.Infrastructure.LocalServers.FreePort();

        await using var api = ServerProcess.StartProject("BujjiCoder.Api", [], VaultEnvironment(vault, certificates.Path, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        }));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await api.WaitUntilReadyAsync(async () => (await client.GetAsync("/health/ready", Cancellation)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(90));

        // The database and cache settings came from the vault (there are none in the environment) ...
        var info = JsonDocument.Parse(await client.GetStringAsync("/api/v1/info", Cancellation)).RootElement;
        Assert.Equal("postgresql", info.GetProperty("database").GetString());
        Assert.Equal("redis", info.GetProperty("cache").GetString());
        // ... and so did the administrator and the key that signs their token.
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { userNameOrEmail = "vault-admin@example.test", password = adminPassword }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(0, vault.Unauthorized);
        foreach (var secret in new[] { signingKey, adminPassword, vault.AccessToken, vault.IdentityHeader })
        {
            Assert.DoesNotContain(secret, api.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_sample_value_in_key_vault_is_refused_like_one_in_the_environment()
    {
        await using var vault = await FakeKeyVault.StartAsync();
        vault.Set("Auth--Jwt--SigningKey", SampleSecrets.DevelopmentJwtSigningKey);
        using var certificates = TemporaryDirectory.Create("bujji-vault-ca");

        var (exitCode, output) = await RunToExitAsync("BujjiCoder.Api", VaultEnvironment(vault, certificates.Path, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__bujjidb"] = await infrastructure.Postgres.CreateDatabaseAsync(),
            ["ConnectionStrings__cache"] = infrastructure.Redis.ConnectionString,
        }));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("Configuration error: Auth:Jwt:SigningKey holds a sample", Assert.Single(Lines(output)), StringComparison.Ordinal);
    }

    /// <summary>
    /// What Azure Container Apps gives a container with a managed identity (IDENTITY_ENDPOINT, IDENTITY_HEADER), the
    /// vault's address, and the stand-in's certificate as the only trusted root.
    /// </summary>
    private static Dictionary<string, string?> VaultEnvironment(FakeKeyVault vault, string directory, Dictionary<string, string?> environment)
    {
        var certificateFile = Path.Combine(directory, "fake-key-vault.pem");
        File.WriteAllText(certificateFile, vault.CertificatePem);
        environment["KeyVault__Uri"] = vault.VaultUri.ToString();
        environment["IDENTITY_ENDPOINT"] = vault.IdentityEndpoint.ToString();
        environment["IDENTITY_HEADER"] = vault.IdentityHeader;
        environment["SSL_CERT_FILE"] = certificateFile;
        environment["SSL_CERT_DIR"] = directory;
        return environment;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<(int ExitCode, string Output)> RunToExitAsync(string project, Dictionary<string, string?> environment)
    {
        environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        await using var process = ServerProcess.StartProject(project, [], environment);
        return (await process.WaitForExitAsync(TimeSpan.FromSeconds(90)), process.Output);
    }
}
