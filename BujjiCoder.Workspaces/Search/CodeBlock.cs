namespace BujjiCoder.Workspaces.Search;

/// <summary>
/// A brace block as the scanner tracks it. Only bodies whose direct lines declare members (a class, an impl, a Go
/// interface) are <see cref="IsMemberBody"/>: that is what lets rules accept "Type Name(" there and nowhere else,
/// so statements and calls inside method bodies can never look like definitions.
/// </summary>
public sealed record CodeBlock(bool IsMemberBody, string Name)
{
    public static readonly CodeBlock Other = new(false, string.Empty);

    public static CodeBlock Members(string name) => new(true, name);
}
