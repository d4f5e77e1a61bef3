using BujjiCoder.ServiceDefaults.Secrets;

namespace BujjiCoder.UnitTests.Secrets;

public sealed class SampleSecretsTests
{
    [Theory]
    [InlineData(SampleSecrets.DevelopmentJwtSigningKey)]
    [InlineData("changeme")]
    [InlineData("Change-Me-Please")]
    [InlineData("password")]
    [InlineData("postgres")]
    [InlineData("your-api-key")]
    [InlineData("YOUR_OPENAI_API_KEY")]
    [InlineData("<signing key>")]
    [InlineData("sample-signing-key-for-the-docs-0000")]
    [InlineData("xxxxxxxxxxxxxxxx")]
    [InlineData("0000000000000000")]
    [InlineData("sk-...")]
    public void Samples_placeholders_and_weak_defaults_are_recognised(string value) => Assert.True(SampleSecrets.IsSample(value));

    [Theory]
    [InlineData("Qk3v9Jx0e1T5m8Zr2Wy7Lp4Nc6Hb0Ad1Fg3Ks5Ru8Vt")]
    [InlineData("correct horse battery staple")]
    [InlineData("sk-proj-8f3KzQ1vN0pW7xR2yT5u")]
    [InlineData("not-a-real-secret")]
    public void Real_looking_values_pass(string value) => Assert.False(SampleSecrets.IsSample(value));

    [Theory]
    [InlineData("Auth:Jwt:SigningKey", true)]
    [InlineData("Llm:Providers:openai:ApiKey", true)]
    [InlineData("Auth:Bootstrap:AdminPassword", true)]
    [InlineData("DataProtection:CertificatePassword", true)]
    [InlineData("AzureAd:ClientSecret", true)]
    [InlineData("Llm:Providers:openai:KeyVaultSecret", false)]
    [InlineData("Auth:Jwt:AccessTokenLifetime", false)]
    [InlineData("Auth:Bootstrap:AdminEmail", false)]
    public void Secret_settings_are_known_by_name(string key, bool secret) => Assert.Equal(secret, SecretSettings.IsSecretKey(key));

    [Theory]
    [InlineData("Host=db;Database=bujjidb;Username=bujji;Password=s3cret-pass;", "s3cret-pass")]
    [InlineData("Host=db;PWD='quoted pass';", "quoted pass")]
    [InlineData("cache:6380,password=r3dis-pass,ssl=true", "r3dis-pass")]
    [InlineData("rediss://:url%40pass@cache:6380", "url@pass")]
    [InlineData("postgresql://bujji:pg-pass@db/bujjidb", "pg-pass")]
    public void Connection_string_passwords_are_found_in_every_form(string connectionString, string password) =>
        Assert.Equal(password, Assert.Single(SecretSettings.ConnectionStringPasswords(connectionString)));
}
