namespace BujjiCoder.Workspaces.Search;

/// <summary>A definition in a source file: its name, what it is, and its 1-based line.</summary>
public sealed record CodeSymbol(string Name, SymbolKind Kind, int Line);
