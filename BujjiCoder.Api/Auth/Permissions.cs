using BujjiCoder.Data.Entities;

namespace BujjiCoder.Api.Auth;

/// <summary>
/// Named permissions and the roles that hold them: the one place that maps roles to what they may do.
/// Each permission is also an authorization policy of the same name.
/// </summary>
internal static class Permissions
{
    public const string WorkspacesRead = "workspaces.read";
    public const string WorkspacesCreate = "workspaces.create";
    public const string WorkspacesWrite = "workspaces.write";
    public const string ChatUse = "chat.use";
    public const string AdminUsers = "admin.users";
    public const string AdminAudit = "admin.audit";
    public const string AdminUsage = "admin.usage";

    /// <summary>The Worker's jobs and backups (<c>/admin/jobs</c>): operations, kept apart from who-did-what (audit) and spending (usage).</summary>
    public const string AdminJobs = "admin.jobs";

    private static readonly string[] UserPermissions = [WorkspacesRead, WorkspacesCreate, WorkspacesWrite, ChatUse];

    public static IReadOnlyDictionary<string, string[]> ByRole { get; } = new Dictionary<string, string[]>
    {
        [Roles.Admin] = [.. UserPermissions, AdminUsers, AdminAudit, AdminUsage, AdminJobs],
        [Roles.User] = UserPermissions,
        // Guests look, never touch.
        [Roles.Guest] = [WorkspacesRead],
    };

    /// <summary>Scopes of personal access tokens, and the permissions each scope covers.</summary>
    public static IReadOnlyDictionary<string, string[]> ByScope { get; } = new Dictionary<string, string[]>
    {
        ["read"] = [WorkspacesRead],
        ["write"] = [WorkspacesCreate, WorkspacesWrite],
        ["chat"] = [ChatUse],
        ["admin"] = [AdminUsers, AdminAudit, AdminUsage, AdminJobs],
    };

    public static string ScopeOf(string permission) => ByScope.First(pair => pair.Value.Contains(permission)).Key;

    public static IEnumerable<string> All => ByRole.Values.SelectMany(permissions => permissions).Distinct();

    public static string[] For(IEnumerable<string> roles) =>
        [.. roles.SelectMany(role => ByRole.GetValueOrDefault(role, [])).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>Authorization policies that are not a single permission.</summary>
internal static class Policies
{
    /// <summary>Signed in with a password (a JWT), not with a personal access token.</summary>
    public const string Interactive = "interactive";
}
