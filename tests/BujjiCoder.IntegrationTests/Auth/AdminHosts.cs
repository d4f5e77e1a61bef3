using BujjiCoder.IntegrationTests.Hosting;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>The Api with an administrator named in configuration, as an operator bootstraps one.</summary>
public abstract class AdminHost(TestInfrastructure infrastructure, string registrationMode) : IAsyncLifetime
{
    public const string AdminEmail = "root-admin@example.test";
    public const string AdminPassword = "the first administrator's passphrase";

    private PostgresApiHost? _host;

    public ServiceFactory<Program> Factory => _host?.Factory ?? throw new InvalidOperationException("Not initialised.");

    public async ValueTask InitializeAsync() =>
        _host = await PostgresApiHost.StartAsync(infrastructure, extraSettings: new Dictionary<string, string?>
        {
            ["Auth:RegistrationMode"] = registrationMode,
            ["Auth:Bootstrap:AdminEmail"] = AdminEmail,
            ["Auth:Bootstrap:AdminPassword"] = AdminPassword,
        }, configureServices: ClientAddress.Add);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Registration open.</summary>
public sealed class BootstrappedAdminHost(TestInfrastructure infrastructure) : AdminHost(infrastructure, "Open");

/// <summary>Registration by invitation only.</summary>
public sealed class InviteOnlyHost(TestInfrastructure infrastructure) : AdminHost(infrastructure, "Invite");
