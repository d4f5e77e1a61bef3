using System.Security.Claims;
using BujjiCoder.Api.Auth;
using BujjiCoder.Data.Entities;
using BujjiCoder.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BujjiCoder.IntegrationTests.Auth;

/// <summary>
/// The workspace authorization handler as registered in the Api, asked through its real
/// <see cref="IAuthorizationService"/>. Workspace endpoints arrive with the next issue and all go through it.
/// </summary>
public sealed class WorkspaceAuthorizationTests(SqliteApiHost host) : IClassFixture<SqliteApiHost>
{
    [Theory]
    // account role, membership, operation, token scopes (null: signed in with a password), allowed
    [InlineData("User", WorkspaceRole.Viewer, "Read", null, true)]
    [InlineData("User", WorkspaceRole.Viewer, "Write", null, false)]
    [InlineData("User", WorkspaceRole.Editor, "Write", null, true)]
    [InlineData("User", WorkspaceRole.Editor, "Manage", null, false)]
    [InlineData("User", WorkspaceRole.Owner, "Manage", null, true)]
    [InlineData("User", null, "Read", null, false)]                  // not a member
    [InlineData("Admin", null, "Read", null, false)]                 // admins get no silent access to people's code
    [InlineData("Guest", WorkspaceRole.Owner, "Read", null, true)]
    [InlineData("Guest", WorkspaceRole.Owner, "Write", null, false)] // guests are read-only everywhere
    [InlineData("Guest", WorkspaceRole.Owner, "Manage", null, false)]
    [InlineData("User", WorkspaceRole.Editor, "Write", "read", false)] // a token stays within its scopes
    [InlineData("User", WorkspaceRole.Editor, "Write", "write", true)]
    [InlineData("User", WorkspaceRole.Owner, "Read", "chat", false)]
    public async Task Membership_account_role_and_token_scopes_decide_together(
        string accountRole, WorkspaceRole? membership, string operation, string? scopes, bool allowed)
    {
        var authorization = host.Factory.Services.GetRequiredService<IAuthorizationService>();
        var requirement = operation switch
        {
            "Read" => WorkspaceOperations.Read,
            "Write" => WorkspaceOperations.Write,
            _ => WorkspaceOperations.Manage,
        };

        var result = await authorization.AuthorizeAsync(Caller(accountRole, scopes), new WorkspaceAccess("ws-1", membership), [requirement]);

        Assert.Equal(allowed, result.Succeeded);
    }

    [Fact]
    public async Task An_unknown_operation_is_an_error_not_a_grant()
    {
        var authorization = host.Factory.Services.GetRequiredService<IAuthorizationService>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => authorization.AuthorizeAsync(
            Caller("Admin", null), new WorkspaceAccess("ws-1", WorkspaceRole.Owner), [new OperationAuthorizationRequirement { Name = "Delete" }]));
    }

    private static ClaimsPrincipal Caller(string role, string? scopes)
    {
        var claims = new List<Claim> { new("sub", "user-1"), new("role", role) };
        if (scopes is not null)
        {
            claims.Add(new Claim(PermissionHandler.TokenIdClaim, Guid.NewGuid().ToString()));
            claims.AddRange(scopes.Split(' ').Select(scope => new Claim(PermissionHandler.ScopeClaim, scope)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test", "name", "role"));
    }
}
