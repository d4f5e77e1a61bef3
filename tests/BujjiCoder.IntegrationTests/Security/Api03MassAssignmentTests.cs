using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BujjiCoder.Data;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Auth;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BujjiCoder.IntegrationTests.Security.SuiteCallers;

namespace BujjiCoder.IntegrationTests.Security;

/// <summary>
/// OWASP API3:2023 Broken Object Property Level Authorization. Writes: bodies that also carry ids, owners, roles,
/// flags, timestamps, hashes or stamps change only the documented fields (checked in the database, not just in the
/// response). Reads: every JSON or text response any test here receives — including a tour of every GET route in the
/// route table, as the owner and as an administrator — is scanned for password hashes, security stamps, token and
/// invitation hashes and provider-key ciphertext, by property name and by the actual stored values.
/// </summary>
public sealed class Api03MassAssignmentTests(AuthorizationSuiteHost host) : IClassFixture<AuthorizationSuiteHost>
{
    /// <summary>Property names that must never appear in a response body, compared case-insensitively.</summary>
    private static readonly HashSet<string> SecretProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "passwordHash", "password", "currentPassword", "newPassword", "securityStamp", "sstamp", "concurrencyStamp",
        "tokenHash", "refreshTokenHash", "codeHash", "protectedKey", "apiKey", "normalizedEmail", "normalizedUserName",
    };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_takes_name_email_and_password_and_nothing_else()
    {
        var (http, recorder) = Recorded();
        var userName = AuthClient.UniqueName();
        var chosenId = Guid.NewGuid().ToString();

        using var response = await AuthClient.RegisterAsync(http, userName, extra: new
        {
            userName, email = $"{userName}@example.test", password = AuthClient.Password,
            id = chosenId, roles = new[] { "Admin" }, role = "Admin", isAdmin = true, permissions = new[] { "admin.users" },
            emailConfirmed = true, disabled = true, lockoutEnabled = false, lockoutEnd = "2999-01-01T00:00:00Z", accessFailedCount = -100,
            securityStamp = "attacker-chosen-stamp", concurrencyStamp = "attacker", passwordHash = "AQAAAAIAAYagAAAAEattacker",
            entraObjectId = "00000000-0000-0000-0000-00000000beef", twoFactorEnabled = true, createdAt = "2000-01-01T00:00:00Z",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(["User"], created.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BujjiUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            Assert.NotEqual(chosenId, user.Id);
            Assert.Equal(created.GetProperty("id").GetString(), user.Id);
            Assert.Equal(["User"], await users.GetRolesAsync(user));
            Assert.False(user.EmailConfirmed);
            Assert.False(user.Disabled);
            Assert.True(user.LockoutEnabled);
            Assert.Null(user.LockoutEnd);
            Assert.Equal(0, user.AccessFailedCount);
            Assert.False(user.TwoFactorEnabled);
            Assert.Null(user.EntraObjectId);
            Assert.NotEqual("attacker-chosen-stamp", user.SecurityStamp);
            Assert.True(user.CreatedAt > DateTime.UtcNow.AddHours(-1));
            Assert.True(await users.CheckPasswordAsync(user, AuthClient.Password));
        }

        var session = await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(http, userName));
        var me = await GetJsonAsync(http, "/api/v1/auth/me", session.AccessToken);
        Assert.DoesNotContain(me.GetProperty("permissions").EnumerateArray(), p => p.GetString()!.StartsWith("admin.", StringComparison.Ordinal));
        await AssertNothingSecretAsync(recorder);
    }

    [Fact]
    public async Task Workspace_create_patch_and_membership_ignore_ids_owners_timestamps_and_members_in_the_body()
    {
        var (http, recorder) = Recorded();
        var owner = await NewUserAsync(http);
        var victim = await NewUserAsync(http);
        var chosenId = Guid.NewGuid().ToString();
        object Planted(string name) => new
        {
            name, id = chosenId, ownerId = victim.UserId, createdBy = victim.UserId, userId = victim.UserId,
            createdAt = "2000-01-01T00:00:00Z", updatedAt = "2000-01-01T00:00:00Z", role = "viewer",
            members = new[] { new { userId = victim.UserId, role = "Owner" } },
        };

        var created = await PostJsonAsync(http, "/api/v1/workspaces", owner.Token, Planted("mine"));
        var ws = created.GetProperty("id").GetString()!;
        using var patched = await SendAsync(http, HttpMethod.Patch, $"/api/v1/workspaces/{ws}", owner.Token, Json(Planted("renamed")));
        var afterPatch = await patched.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.NotEqual(chosenId, ws);
        Assert.Equal("owner", created.GetProperty("role").GetString());
        Assert.True(created.GetProperty("createdAt").GetDateTime() > DateTime.UtcNow.AddHours(-1));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(ws, afterPatch.GetProperty("id").GetString());
        Assert.Equal("renamed", afterPatch.GetProperty("name").GetString());
        // Equal to what was stored at creation (the database keeps microseconds, the create response had ticks).
        Assert.True((afterPatch.GetProperty("createdAt").GetDateTime() - created.GetProperty("createdAt").GetDateTime()).Duration() < TimeSpan.FromMilliseconds(1));
        Assert.Equal("owner", afterPatch.GetProperty("role").GetString());
        Assert.Equal([(owner.UserId, "owner")], await MembersAsync(http, owner, ws));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, $"/api/v1/workspaces/{ws}", victim.Token)).StatusCode);
        Assert.Equal(0, (await GetJsonAsync(http, "/api/v1/workspaces", victim.Token)).GetProperty("total").GetInt32());

        // The member is the one in the route; a userId or workspaceId in the body is not looked at.
        using var added = await SendAsync(http, HttpMethod.Put, $"/api/v1/workspaces/{ws}/members/{victim.UserId}", owner.Token,
            Json(new { role = "Viewer", userId = owner.UserId, workspaceId = Guid.NewGuid() }));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal([(owner.UserId, "owner"), (victim.UserId, "viewer")], (await MembersAsync(http, owner, ws)).OrderBy(m => m.UserId != owner.UserId));
        await AssertNothingSecretAsync(recorder);
    }

    [Fact]
    public async Task A_token_belongs_to_its_creator_and_takes_only_known_scopes_which_add_nothing_to_the_role()
    {
        var (http, recorder) = Recorded();
        var user = await NewUserAsync(http);
        var victim = await NewUserAsync(http);
        var chosenId = Guid.NewGuid().ToString();

        var issued = await PostJsonAsync(http, "/api/v1/me/tokens", user.Token, new
        {
            name = "planted", scopes = new[] { "read" }, userId = victim.UserId, id = chosenId, hint = "bjc_evil",
            tokenHash = new string('0', 64), revoked = false, lastUsedAt = "2000-01-01T00:00:00Z", createdAt = "2000-01-01T00:00:00Z",
        });
        var token = issued.GetProperty("token").GetString()!;

        Assert.NotEqual(chosenId, issued.GetProperty("id").GetString());
        Assert.Equal(user.UserId, (await GetJsonAsync(http, "/api/v1/auth/me", token)).GetProperty("id").GetString());
        Assert.Equal(0, (await GetJsonAsync(http, "/api/v1/me/tokens", victim.Token)).GetArrayLength());
        var listed = Assert.Single((await GetJsonAsync(http, "/api/v1/me/tokens", user.Token)).EnumerateArray());
        Assert.Equal(token[..8], listed.GetProperty("hint").GetString());

        // Scopes are a closed list, compared exactly: no permission names, wildcards, other cases or smuggled separators.
        foreach (var scope in new[] { "admin.users", "*", "Admin", "READ", "read admin", "read\tadmin", "" })
        {
            using var refused = await SendAsync(http, HttpMethod.Post, "/api/v1/me/tokens", user.Token, Json(new { name = "sneaky", scopes = new[] { scope } }));
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"scope '{scope}': {(int)refused.StatusCode}");
        }

        Assert.Single((await GetJsonAsync(http, "/api/v1/me/tokens", user.Token)).EnumerateArray());

        // A guest may hold a token scoped to write and chat, but the scopes never add to what the role allows.
        var guest = await NewGuestAsync(http, await AdminAsync(http));
        var (_, guestsToken) = await NewTokenAsync(http, guest, "read", "write", "chat");
        using var create = await SendAsync(http, HttpMethod.Post, "/api/v1/workspaces", guestsToken, Json(new { name = "not for guests" }));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        await AssertNothingSecretAsync(recorder, ("the token", token, r => r.Method == HttpMethod.Post && r.Path.StartsWith("/api/v1/me/tokens", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Admin_patch_changes_roles_and_disabled_only()
    {
        var (http, recorder) = Recorded();
        var admin = await AdminAsync(http);
        var victim = await NewUserAsync(http);
        var before = await StoredUserAsync(victim.UserId);

        using var patched = await SendAsync(http, HttpMethod.Patch, $"/api/v1/admin/users/{victim.UserId}", admin.Token, Json(new
        {
            id = Guid.NewGuid().ToString(), userName = "hijacked", email = "hijack@example.test", normalizedEmail = "HIJACK@EXAMPLE.TEST",
            passwordHash = "AQAAAAIAAYagAAAAEattacker", securityStamp = "attacker-stamp", concurrencyStamp = "attacker", emailConfirmed = true,
            lockoutEnabled = false, lockoutEnd = "2999-01-01T00:00:00Z", accessFailedCount = 99, twoFactorEnabled = true,
            entraObjectId = "00000000-0000-0000-0000-00000000beef", createdAt = "2000-01-01T00:00:00Z", lastLoginAt = "2000-01-01T00:00:00Z",
        }));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(before, await StoredUserAsync(victim.UserId));
        // Nothing that matters changed, so the victim's session and password still work.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, "/api/v1/auth/me", victim.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.LoginAsync(http, victim.UserName)).StatusCode);
        await AssertNothingSecretAsync(recorder);
    }

    [Fact]
    public async Task Invitations_conversations_and_provider_keys_ignore_codes_owners_and_stored_fields_in_the_body()
    {
        var (http, recorder) = Recorded();
        var admin = await AdminAsync(http);
        var owner = await NewUserAsync(http);
        var victim = await NewUserAsync(http);
        var chosenId = Guid.NewGuid().ToString();
        var ws = (await PostJsonAsync(http, "/api/v1/workspaces", owner.Token, new { name = "own" })).GetProperty("id").GetString()!;
        var victimsWs = (await PostJsonAsync(http, "/api/v1/workspaces", victim.Token, new { name = "victim's" })).GetProperty("id").GetString()!;

        var invitation = await PostJsonAsync(http, "/api/v1/admin/invitations", admin.Token, new
        {
            role = "User", code = "attacker-chosen-code", id = chosenId, usedBy = victim.UserId, usedAt = "2000-01-01T00:00:00Z",
            createdBy = victim.UserId, expiresAt = "2999-01-01T00:00:00Z", revoked = false,
        });
        var conversation = await PostJsonAsync(http, $"/api/v1/workspaces/{ws}/conversations", owner.Token, new
        {
            title = "planted", id = chosenId, userId = victim.UserId, workspaceId = victimsWs, createdAt = "2000-01-01T00:00:00Z",
        });
        using var key = await SendAsync(http, HttpMethod.Put, $"/api/v1/me/provider-keys/{AuthorizationSuiteHost.Provider}", owner.Token, Json(new
        {
            apiKey = "sk-owners-own-key-4321", userId = victim.UserId, provider = "other", last4 = "zzzz", protectedKey = "attacker-ciphertext",
        }));

        Assert.NotEqual("attacker-chosen-code", invitation.GetProperty("code").GetString());
        Assert.NotEqual(chosenId, invitation.GetProperty("id").GetString());
        Assert.True(invitation.GetProperty("expiresAt").GetDateTime() < DateTime.UtcNow.AddDays(8));
        var listed = (await GetJsonAsync(http, "/api/v1/admin/invitations", admin.Token)).EnumerateArray()
            .Single(i => i.GetProperty("id").GetString() == invitation.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("usedBy").ValueKind);
        Assert.NotEqual(chosenId, conversation.GetProperty("id").GetString());
        Assert.Equal(ws, conversation.GetProperty("workspaceId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, $"/api/v1/conversations/{conversation.GetProperty("id").GetString()}", victim.Token)).StatusCode);
        Assert.Equal(0, (await GetJsonAsync(http, $"/api/v1/workspaces/{victimsWs}/conversations", victim.Token)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, key.StatusCode);
        var stored = Assert.Single((await GetJsonAsync(http, "/api/v1/me/provider-keys", owner.Token)).EnumerateArray());
        Assert.Equal((AuthorizationSuiteHost.Provider, "4321"), (stored.GetProperty("provider").GetString(), stored.GetProperty("last4").GetString()));
        Assert.Equal(0, (await GetJsonAsync(http, "/api/v1/me/provider-keys", victim.Token)).GetArrayLength());
        await AssertNothingSecretAsync(recorder, ("the provider key", "sk-owners-own-key-4321", _ => false));
    }

    [Fact]
    public async Task No_response_of_any_get_route_exposes_hashes_stamps_or_key_ciphertext()
    {
        var (http, recorder) = Recorded();
        var scene = await ResourceScene.BuildAsync(http);
        // A refresh and a password-change attempt too, so their responses are scanned as well.
        using (await AuthClient.RefreshAsync(http, (await AuthClient.TokensFromAsync(await AuthClient.LoginAsync(http, scene.Owner.UserName))).RefreshToken))
        using (await SendAsync(http, HttpMethod.Post, "/api/v1/auth/change-password", scene.Owner.Token, Json(new { currentPassword = "wrong wrong wrong", newPassword = "n" })))
        {
        }

        var toured = 0;
        foreach (var route in RouteInventory.Of(host.Factory.Services).Where(route => route.Method is "GET" or "*"))
        {
            var reader = route.Pattern.StartsWith("/api/v1/admin", StringComparison.Ordinal) ? scene.Admin : scene.Owner;
            var path = route.PathWith(name => name switch
            {
                "ws" => scene.Ws,
                "path" => ResourceScene.File,
                "rev" => scene.Revision,
                "jobId" => scene.Job,
                "id" when route.Pattern.StartsWith("/api/v1/conversations/", StringComparison.Ordinal) => scene.Conversation,
                _ => null,
            });
            var query = route.Pattern.EndsWith("/search", StringComparison.Ordinal) ? "?q=alpha" : string.Empty;
            using var response = await SendAsync(http, HttpMethod.Get, path + query, reader.Token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route} as {reader.UserName}: {(int)response.StatusCode}");
            toured++;
        }

        foreach (var path in new[] { "/api/v1/admin/audit?pageSize=200", $"/api/v1/admin/tokens?userId={scene.Owner.UserId}", "/api/v1/admin/usage?groupBy=model" })
        {
            using var response = await SendAsync(http, HttpMethod.Get, path, scene.Admin.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(toured >= 25, $"only {toured} GET routes toured");
        await AssertNothingSecretAsync(recorder,
            ("the owner's provider key", ResourceScene.OwnerApiKey, _ => false),
            ("the owner's token", scene.TokenValue, r => r.Method == HttpMethod.Post && r.Path.StartsWith("/api/v1/me/tokens", StringComparison.Ordinal)));
    }

    /// <summary>A client whose every text response is kept for <see cref="AssertNothingSecretAsync"/>.</summary>
    private (HttpClient Http, ResponseRecorder Recorder) Recorded()
    {
        var recorder = new ResponseRecorder();
        return (host.Factory.CreateDefaultClient(recorder), recorder);
    }

    /// <summary>
    /// Fails when any recorded response names a secret property or holds a stored secret: every account's password
    /// hash and security stamp, every token, refresh-token and invitation hash, every provider-key ciphertext, the
    /// passwords the suite uses, and <paramref name="plaintexts"/> (each allowed only in the responses it names).
    /// </summary>
    private async Task AssertNothingSecretAsync(ResponseRecorder recorder, params (string Name, string Value, Func<RecordedResponse, bool> AllowedIn)[] plaintexts)
    {
        var secrets = new List<(string Name, string Value, Func<RecordedResponse, bool> AllowedIn)>(plaintexts)
        {
            ("the users' password", AuthClient.Password, _ => false),
            ("the administrator's password", TestHost.AdminPassword, _ => false),
        };
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BujjiDbContext>();
            foreach (var user in await db.Users.AsNoTracking().ToListAsync(Cancellation))
            {
                Stored($"{user.UserName}'s password hash", [user.PasswordHash!]);
                Stored($"{user.UserName}'s security stamp", [user.SecurityStamp!]);
            }

            Stored("a token hash", await db.PersonalAccessTokens.AsNoTracking().Select(t => t.TokenHash).ToListAsync(Cancellation));
            Stored("a refresh-token hash", await db.RefreshTokens.AsNoTracking().Select(t => t.TokenHash).ToListAsync(Cancellation));
            Stored("an invitation hash", await db.Invitations.AsNoTracking().Select(i => i.CodeHash).ToListAsync(Cancellation));
            Stored("a provider-key ciphertext", await db.ProviderKeys.AsNoTracking().Select(k => k.ProtectedKey).ToListAsync(Cancellation));
        }

        void Stored(string name, IEnumerable<string> values) => secrets.AddRange(values.Select(value => (name, value, (Func<RecordedResponse, bool>)(_ => false))));

        var responses = recorder.Responses;
        var failures = new List<string>();
        foreach (var response in responses)
        {
            failures.AddRange(SecretPropertiesIn(response.Body).Select(name => $"{response}: property '{name}'"));
            failures.AddRange(secrets.Where(s => s.Value.Length >= 8 && !s.AllowedIn(response) && response.Body.Contains(s.Value, StringComparison.Ordinal))
                .Select(s => $"{response}: {s.Name}"));
        }

        Assert.NotEmpty(responses);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static IEnumerable<string> SecretPropertiesIn(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            yield break;
        }

        using (document)
        {
            // The keys of a validation problem's "errors" are the request's field names ("newPassword"), not data.
            var pending = new Stack<(JsonElement Element, bool FieldNames)>([(document.RootElement, false)]);
            while (pending.TryPop(out var next))
            {
                if (next.Element.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in next.Element.EnumerateObject())
                    {
                        if (!next.FieldNames && SecretProperties.Contains(property.Name))
                        {
                            yield return property.Name;
                        }

                        pending.Push((property.Value, property.Name == "errors"));
                    }
                }
                else if (next.Element.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in next.Element.EnumerateArray())
                    {
                        pending.Push((item, false));
                    }
                }
            }
        }
    }

    private static async Task<List<(string UserId, string Role)>> MembersAsync(HttpClient http, Caller reader, string ws) =>
        [.. (await GetJsonAsync(http, $"/api/v1/workspaces/{ws}/members", reader.Token)).EnumerateArray()
            .Select(m => (m.GetProperty("userId").GetString()!, m.GetProperty("role").GetString()!))];

    /// <summary>The account fields an attacker would like to set, as stored.</summary>
    private async Task<string> StoredUserAsync(string userId)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<BujjiDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == userId, Cancellation);
        return JsonSerializer.Serialize(new
        {
            user.Id, user.UserName, user.NormalizedUserName, user.Email, user.NormalizedEmail, user.PasswordHash, user.SecurityStamp,
            user.ConcurrencyStamp, user.EmailConfirmed, user.LockoutEnabled, user.LockoutEnd, user.AccessFailedCount, user.TwoFactorEnabled,
            user.EntraObjectId, user.CreatedAt, user.LastLoginAt, user.Disabled,
        });
    }
}
