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

    private static readonly string[] UserPermissions = [WorkspacesRead, WorkspacesCreate, WorkspacesWrite, ChatUse];

    public static IReadOnlyDictionary<string, string[]> ByRole { get; } = new Dictionary<string, string[]>
    {
        [Roles.Admin] = [.. UserPermissions, AdminUsers, AdminAudit, AdminUsage],
        [Roles.User] = UserPermissions,
        // Guests look, never touch.
        [Roles.Guest] = [WorkspacesRead],
    };

    public static IEnumerable<string> All => ByRole.Values.SelectMany(permissions => permissions).Distinct();

    public static string[] For(IEnumerable<string> roles) =>
        [.. roles.SelectMany(role => ByRole.GetValueOrDefault(role, [])).Distinct().Order(StringComparer.Ordinal)];

    public static string[] RolesWith(string permission) =>
        [.. ByRole.Where(pair => pair.Value.Contains(permission)).Select(pair => pair.Key)];
}
