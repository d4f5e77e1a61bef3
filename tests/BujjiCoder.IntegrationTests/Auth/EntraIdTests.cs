using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static BujjiCoder.IntegrationTests.Auth.AuthClient;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>Entra ID tokens through Microsoft.Identity.Web, against a loopback OpenID Connect tenant.</summary>
public sealed class EntraIdTests(TestInfrastructure infrastructure) : IAsyncLifetime
{
    private const string AdminAppRole = "Bujji.Admin";
    private const string GuestGroup = "99999999-0000-0000-0000-000000000001";

    private OidcServer? _tenant;
    private ApiHost? _api;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private OidcServer Tenant => _tenant!;

    private HttpClient Client() => _api!.Factory.CreateClient();

    public async ValueTask InitializeAsync()
    {
        _tenant = await OidcServer.StartAsync();
        _api = await TestHost.Postgres(infrastructure).WithSettings(new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = _tenant.Instance,
            ["AzureAd:TenantId"] = OidcServer.TenantId,
            ["AzureAd:ClientId"] = OidcServer.ClientId,
            ["AzureAd:RequireHttpsMetadata"] = "false",
            ["Auth:RegistrationMode"] = "Open",
            [$"AzureAd:RoleMappings:{AdminAppRole}"] = "Admin",
            [$"AzureAd:RoleMappings:{GuestGroup}"] = "Guest",
        }).BuildApiAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_tenant is not null)
        {
            await _tenant.DisposeAsync();
        }
    }

    [Fact]
    public async Task First_sign_in_provisions_a_linked_account_with_the_mapped_role()
    {
        using var client = Client();
        var objectId = Guid.NewGuid().ToString();

        var first = await MeAsync(client, Tenant.Token(objectId, "alice@contoso.test", roles: [AdminAppRole]));
        var again = await MeAsync(client, Tenant.Token(objectId, "alice@contoso.test", roles: [AdminAppRole]));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var me = await first.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("alice@contoso.test", me.GetProperty("email").GetString());
        Assert.Equal(["Admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(me.GetProperty("id").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(null, GuestGroup, "Guest")]
    [InlineData(null, null, "User")]
    public async Task Groups_map_to_roles_and_unmapped_accounts_get_the_default(string? appRole, string? group, string expected)
    {
        using var client = Client();

        using var response = await MeAsync(client, Tenant.Token(Guid.NewGuid().ToString(),
            roles: appRole is null ? null : [appRole], groups: group is null ? null : [group]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([expected], (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Tokens_for_another_audience_or_from_an_unpublished_key_are_refused()
    {
        using var client = Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, Tenant.Token(Guid.NewGuid().ToString(), audience: "someone-else"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, Tenant.Token(Guid.NewGuid().ToString(), signWithUnpublishedKey: true))).StatusCode);
    }

    [Fact]
    public async Task Disabling_the_local_account_shuts_out_its_entra_sign_ins()
    {
        using var client = Client();
        var objectId = Guid.NewGuid().ToString();
        var id = (await (await MeAsync(client, Tenant.Token(objectId))).Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetString()!;

        await using (var scope = _api!.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BujjiUser>>();
            var user = (await users.FindByIdAsync(id))!;
            user.Disabled = true;
            await users.UpdateAsync(user);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await MeAsync(client, Tenant.Token(objectId))).StatusCode);
    }

    [Fact]
    public async Task Local_accounts_and_their_tokens_keep_working_beside_entra_id()
    {
        using var client = Client();
        var (_, tokens) = await NewSessionAsync(client);

        using var me = await MeAsync(client, tokens.AccessToken);
        using var forged = await MeAsync(client, Tenant.Token(Guid.NewGuid().ToString()).Replace(".", ".x", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }
}
