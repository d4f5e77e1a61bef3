namespace BujjiCoder.Api.Workspaces.Search;

/// <summary>What a definition found by <see cref="SymbolExtractor"/> declares; one vocabulary across languages.</summary>
internal enum SymbolKind
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
