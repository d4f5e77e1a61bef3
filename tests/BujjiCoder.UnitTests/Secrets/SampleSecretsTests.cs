using BujjiCoder.ServiceDefaults.Secrets;
using Microsoft.Extensions.Configuration;

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
    [InlineData("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")]
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
    [InlineData("Worker:Backup:EncryptionKey", true)]
    [InlineData("Worker:Backup:PreviousEncryptionKeys:0", true)]
    [InlineData("Auth:Jwt:PreviousSigningKeys:0", true)]
    [InlineData("Auth:Jwt:PreviousSigningKeys:12", true)]
    [InlineData("Llm:Models:0", false)]
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
    [InlineData("DefaultEndpointsProtocol=https;AccountName=bujji;AccountKey=c3RvcmFnZS1rZXk=;EndpointSuffix=core.windows.net", "c3RvcmFnZS1rZXk=")]
    [InlineData("BlobEndpoint=https://bujji.blob.core.windows.net/;SharedAccessSignature=sv=2024-11-04&sp=rcwdl&sig=c2lnbmF0dXJl", "sv=2024-11-04&sp=rcwdl&sig=c2lnbmF0dXJl")]
    public void Connection_string_passwords_are_found_in_every_form(string connectionString, string password) =>
        Assert.Equal(password, Assert.Single(SecretSettings.ConnectionStringPasswords(connectionString)));

    [Fact]
    public void A_storage_connection_string_outside_ConnectionStrings_gives_up_its_account_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Worker:Backup:Blob:ConnectionString"] = "DefaultEndpointsProtocol=https;AccountName=bujji;AccountKey=c3RvcmFnZS1rZXk=;",
            ["Worker:Backup:Blob:Container"] = "bujji-backups",
        }).Build();

        var secret = Assert.Single(SecretSettings.Find(configuration));

        Assert.Equal("c3RvcmFnZS1rZXk=", secret.Value);
    }
}
