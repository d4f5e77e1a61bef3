namespace BujjiCoder.Data.Entities;

/// <summary>The three account roles. Their ids are fixed so that migrations can seed them.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string User = "User";
    public const string Guest = "Guest";

    public static IReadOnlyList<(string Id, string Name)> All { get; } =
    [
        ("6f1f7a52-3f55-4a55-9f1e-0b6c9f0a0001", Admin),
        ("6f1f7a52-3f55-4a55-9f1e-0b6c9f0a0002", User),
        ("6f1f7a52-3f55-4a55-9f1e-0b6c9f0a0003", Guest),
    ];
}
