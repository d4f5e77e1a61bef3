using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using BujjiCoder.ServiceDefaults.Secrets;
using BujjiCoder.Testing.FakeKeyVault;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// The Key Vault configuration source against a loopback stand-in for Key Vault (HTTPS with its own certificate,
/// the SDK's bearer challenge, paging): the real SecretClient, pipeline and provider, with a token credential and a
/// transport that trusts only that certificate in place of Azure's.
/// </summary>
public sealed class KeyVaultConfigurationTests : IAsyncLifetime
{
    private FakeKeyVault _vault = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _vault = await FakeKeyVault.StartAsync();

    public async ValueTask DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public void Enabled_current_secrets_become_settings_with_double_dashes_as_section_separators()
    {
        _vault.Set("Auth--Jwt--SigningKey", "signing-key-from-the-vault-0123456789abcdef");
        _vault.Set("ConnectionStrings--cache", "127.0.0.1:6379,password=from-the-vault-0123");
        _vault.Set("Plain", "plain value");
        _vault.Set("Llm--Providers--openai--ApiKey", "provider key from the vault");
        _vault.Set("Disabled", "must not be read", enabled: false);
        _vault.Set("Expired", "must not be read", expires: DateTimeOffset.UtcNow.AddDays(-1));

        var configuration = new ConfigurationBuilder().Add(new KeyVaultConfigurationSource(Client(_vault.AccessToken))).Build();

        Assert.Equal("signing-key-from-the-vault-0123456789abcdef", configuration["Auth:Jwt:SigningKey"]);
        Assert.Equal("127.0.0.1:6379,password=from-the-vault-0123", configuration.GetConnectionString("cache"));
        Assert.Equal("plain value", configuration["Plain"]);
        Assert.Equal("provider key from the vault", configuration["Llm:Providers:openai:ApiKey"]);
        Assert.Null(configuration["Disabled"]);
        Assert.Null(configuration["Expired"]);
        // Six secrets at two a page: the provider followed nextLink; only the four usable ones were fetched.
        Assert.Equal(4, _vault.SecretReads);
        Assert.Equal(0, _vault.Unauthorized);
    }

    [Fact]
    public async Task A_reload_brings_changed_and_removed_secrets_and_fires_the_change_token_fetching_only_what_changed()
    {
        _vault.Set("Rotating", "first");
        _vault.Set("Removed", "soon gone");
        _vault.Set("Steady", "unchanged");
        using var source = new ReloadingSource(new KeyVaultConfigurationSource(Client(_vault.AccessToken), TimeSpan.FromMilliseconds(200)));
        var configuration = source.Root;
        Assert.Equal("first", configuration["Rotating"]);
        var readsAfterFirstLoad = _vault.SecretReads;

        var changed = new TaskCompletionSource();
        using var subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => changed.TrySetResult());
        _vault.Set("Rotating", "second");
        _vault.Remove("Removed");

        await changed.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        Assert.Equal("second", configuration["Rotating"]);
        Assert.Null(configuration["Removed"]);
        Assert.Equal("unchanged", configuration["Steady"]);
        Assert.Equal(readsAfterFirstLoad + 1, _vault.SecretReads);
    }

    [Fact]
    public void A_vault_that_refuses_the_identity_stops_the_start_with_the_key_and_the_status_but_no_token()
    {
        _vault.Set("Auth--Jwt--SigningKey", "signing-key-from-the-vault-0123456789abcdef");
        var wrongToken = "token-of-another-identity-" + Guid.NewGuid().ToString("N");

        using var host = Build(new Dictionary<string, string?> { [KeyVaultSecretsExtensions.VaultUriKey] = _vault.VaultUri.ToString() }, wrongToken);

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        var message = string.Join(" ", failure.Failures);
        Assert.Contains("KeyVault:Uri", message, StringComparison.Ordinal);
        Assert.Contains("401", message, StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets User", message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongToken, message, StringComparison.Ordinal);
        Assert.Null(host.Services.GetRequiredService<IConfiguration>()["Auth:Jwt:SigningKey"]);
    }

    [Theory]
    [InlineData("KeyVault:Uri", "http://vault.example.test/")]
    [InlineData("KeyVault:Uri", "bujji-prod")]
    [InlineData("ConnectionStrings:keyvault", "http://vault.example.test/")]
    public void A_vault_address_that_is_not_https_stops_the_start(string key, string value)
    {
        using var host = Build(new Dictionary<string, string?> { [key] = value }, _vault.AccessToken);

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains($"{key} must be the vault's https URL", string.Join(" ", failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Aspires_connection_string_names_the_vault_when_KeyVault_Uri_is_not_set()
    {
        _vault.Set("Auth--Jwt--SigningKey", "signing-key-from-the-vault-0123456789abcdef");

        using var host = Build(new Dictionary<string, string?> { ["ConnectionStrings:keyvault"] = _vault.VaultUri.ToString() }, _vault.AccessToken);

        host.Services.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal("signing-key-from-the-vault-0123456789abcdef", host.Services.GetRequiredService<IConfiguration>()["Auth:Jwt:SigningKey"]);
    }

    private IHost Build(Dictionary<string, string?> settings, string token)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddKeyVaultSecrets(new StaticToken(token), ClientOptions());
        return builder.Build();
    }

    private SecretClient Client(string token) => new(_vault.VaultUri, new StaticToken(token), ClientOptions());

    /// <summary>The SDK's own pipeline, with a transport that trusts the stand-in's certificate and nothing else.</summary>
    private SecretClientOptions ClientOptions()
    {
        var thumbprint = _vault.Certificate.Thumbprint;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        };
        var options = new SecretClientOptions { Transport = new HttpClientTransport(handler) };
        options.Retry.MaxRetries = 0;
        return options;
    }

    /// <summary>Stands in for the managed identity: hands out one fixed token.</summary>
    private sealed class StaticToken(string token) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(token, DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>A configuration root that disposes its providers (which stops the reload loop).</summary>
    private sealed class ReloadingSource(KeyVaultConfigurationSource source) : IDisposable
    {
        public IConfigurationRoot Root { get; } = new ConfigurationBuilder().Add(source).Build();

        public void Dispose() => (Root as IDisposable)?.Dispose();
    }
}
