using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BujjiCoder.Testing.FakeKeyVault;

/// <summary>
/// A stand-in for Azure Key Vault on loopback, because the real one cannot be reached from here: the secrets REST API
/// (list secret properties with paging, get the latest version) over HTTPS with a self-signed certificate, the
/// bearer challenge the SDK expects first (401 + <c>WWW-Authenticate</c>), and a check that every other request
/// carries the one access token it accepts. Beside it, on plain HTTP as in Azure Container Apps and App Service, the
/// managed identity endpoint (<c>IDENTITY_ENDPOINT</c> / <c>IDENTITY_HEADER</c>) that hands out that token.
/// Only what Bujji Coder's configuration source uses is implemented; nothing here is Bujji Coder's own code.
/// </summary>
public sealed class FakeKeyVault : IAsyncDisposable
{
    public const string ApiVersion = "7.6";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeSecret> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private int _secretReads;
    private int _unauthorized;

    private FakeKeyVault(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    /// <summary>The vault's URL, e.g. <c>https://127.0.0.1:41234/</c>.</summary>
    public Uri VaultUri => new(Address("https://") + "/");

    /// <summary>The managed identity endpoint, e.g. <c>http://127.0.0.1:41235/msi/token</c>.</summary>
    public Uri IdentityEndpoint => new(Address("http://") + "/msi/token");

    /// <summary>The secret the identity endpoint expects in <c>X-IDENTITY-HEADER</c>.</summary>
    public string IdentityHeader { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The only bearer token the vault accepts; the identity endpoint issues it.</summary>
    public string AccessToken { get; set; } = "vault-token-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The resource named in the challenge: what a token for this vault is asked for.</summary>
    public const string Resource = "api://0.0.1";

    /// <summary>The self-signed certificate the vault serves (trust it, or it is refused like any unknown issuer).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as PEM, for <c>SSL_CERT_FILE</c> in a child process.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Successful reads of one secret's value.</summary>
    public int SecretReads => Volatile.Read(ref _secretReads);

    /// <summary>Requests refused for want of the right token (after the first challenge of each client).</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>The number of items per page of the list operation (small, so clients must follow nextLink).</summary>
    public int PageSize { get; set; } = 2;

    public static async Task<FakeKeyVault> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var vault = new FakeKeyVault(app, certificate);
        app.MapGet("/msi/token", vault.IssueToken);
        app.MapGet("/secrets", vault.ListAsync);
        app.MapGet("/secrets/{name}/{version?}", vault.GetAsync);
        await app.StartAsync();
        return vault;
    }

    public void Set(string name, string value, bool enabled = true, DateTimeOffset? expires = null)
    {
        // Key Vault dates have one-second resolution; a change must still show as a later "updated".
        var updated = DateTimeOffset.UtcNow;
        if (_secrets.TryGetValue(name, out var old) && old.Updated.ToUnixTimeSeconds() >= updated.ToUnixTimeSeconds())
        {
            updated = old.Updated.AddSeconds(1);
        }

        _secrets[name] = new FakeSecret(name, value, enabled, expires, updated, Guid.NewGuid().ToString("N"));
    }

    public void Remove(string name) => _secrets.TryRemove(name, out _);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Certificate.Dispose();
    }

    private string Address(string scheme) =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith(scheme, StringComparison.Ordinal));

    private IResult IssueToken(HttpContext context)
    {
        if (context.Request.Headers["X-IDENTITY-HEADER"] != IdentityHeader || context.Request.Query["resource"] != Resource)
        {
            return Results.BadRequest();
        }

        var expiresOn = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Results.Json(new Dictionary<string, string>
        {
            ["access_token"] = AccessToken,
            ["expires_on"] = expiresOn,
            ["resource"] = context.Request.Query["resource"].ToString(),
            ["token_type"] = "Bearer",
            ["client_id"] = "00000000-0000-0000-0000-00000000c1d0",
        });
    }

    private Task ListAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            return Task.CompletedTask;
        }

        var all = _secrets.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        var skip = int.TryParse(context.Request.Query["$skiptoken"], CultureInfo.InvariantCulture, out var token) ? token : 0;
        var page = all.Skip(skip).Take(PageSize).Select(secret => new Dictionary<string, object?>
        {
            ["id"] = $"{VaultUri}secrets/{secret.Name}",
            ["attributes"] = secret.Attributes(),
        }).ToArray();
        var next = skip + PageSize < all.Length ? $"{VaultUri}secrets?api-version={ApiVersion}&$skiptoken={skip + PageSize}" : null;
        return context.Response.WriteAsJsonAsync(new Dictionary<string, object?> { ["value"] = page, ["nextLink"] = next });
    }

    private Task GetAsync(HttpContext context, string name)
    {
        if (!Authorized(context))
        {
            return Task.CompletedTask;
        }

        if (!_secrets.TryGetValue(name, out var secret))
        {
            return Error(context, HttpStatusCode.NotFound, "SecretNotFound");
        }

        if (!secret.Enabled)
        {
            return Error(context, HttpStatusCode.Forbidden, "Forbidden");
        }

        Interlocked.Increment(ref _secretReads);
        return context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["value"] = secret.Value,
            ["id"] = $"{VaultUri}secrets/{secret.Name}/{secret.Version}",
            ["attributes"] = secret.Attributes(),
        });
    }

    private bool Authorized(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization == $"Bearer {AccessToken}")
        {
            return true;
        }

        if (authorization.Length > 0)
        {
            Interlocked.Increment(ref _unauthorized);
        }

        // As Key Vault does: the challenge names the tenant's authority and what to ask a token for. The SDK insists
        // that the vault's host ends with "." + that resource's host (vault.azure.net for the real one); for a vault
        // at 127.0.0.1 the resource is api://0.0.1, so the check stays on in tests rather than being switched off.
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate =
            $"Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-0000000000aa\", scope=\"{Resource}/.default\"";
        return false;
    }

    private static Task Error(HttpContext context, HttpStatusCode status, string code)
    {
        context.Response.StatusCode = (int)status;
        return context.Response.WriteAsJsonAsync(new { error = new { code, message = code } });
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=fake-key-vault", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Re-imported so Kestrel gets a certificate whose private key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private sealed record FakeSecret(string Name, string Value, bool Enabled, DateTimeOffset? Expires, DateTimeOffset Updated, string Version)
    {
        public Dictionary<string, object?> Attributes()
        {
            var attributes = new Dictionary<string, object?>
            {
                ["enabled"] = Enabled,
                ["created"] = Updated.ToUnixTimeSeconds(),
                ["updated"] = Updated.ToUnixTimeSeconds(),
                ["recoveryLevel"] = "Recoverable+Purgeable",
            };
            if (Expires is { } expires)
            {
                attributes["exp"] = expires.ToUnixTimeSeconds();
            }

            return attributes;
        }
    }
}
