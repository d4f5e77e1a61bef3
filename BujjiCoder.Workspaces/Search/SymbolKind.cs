namespace BujjiCoder.Workspaces.Search;

/// <summary>What a definition found by <see cref="SymbolExtractor"/> declares; one vocabulary across languages.</summary>
public enum SymbolKind
{
    Class,
    Interface,
    Struct,
    Record,
    Enum,
    Trait,
    Type,
    Function,
    Method,
    Property,
    Constant,
    Module,
    Namespace,
}
