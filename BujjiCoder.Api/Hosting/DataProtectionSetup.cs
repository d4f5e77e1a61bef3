using System.Security.Cryptography.X509Certificates;
using BujjiCoder.Data.Infrastructure;
using BujjiCoder.ServiceDefaults.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace BujjiCoder.Api.Hosting;

/// <summary>
/// One Data Protection key ring for every replica: in Redis when the cache is Redis (so a key encrypted by one
/// replica is readable by all), else beside the SQLite database. With <c>DataProtection:CertificatePath</c> (a PFX,
/// password in <c>DataProtection:CertificatePassword</c>) the ring itself is encrypted at rest.
/// </summary>
internal static class DataProtectionSetup
{
    private const string RedisKey = "bujji:data-protection-keys";

    public static IHostApplicationBuilder AddSharedDataProtection(this IHostApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("BujjiCoder");
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString(RuntimeInfrastructureRegistration.CacheConnectionName)))
        {
            builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, services) =>
                options.XmlRepository = new RedisXmlRepository(() => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), RedisKey));
        }
        else
        {
            var dataDirectory = builder.Configuration.GetSection(DatabaseOptions.SectionName).GetValue<string>(nameof(DatabaseOptions.DataDirectory)) ?? ".data";
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataDirectory, builder.Environment.ContentRootPath), "keys")));
        }

        if (builder.Configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(certificatePath, builder.Configuration["DataProtection:CertificatePassword"]));
        }

        return builder;
    }
}
