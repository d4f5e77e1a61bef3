using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

public sealed class GoSymbolTests
{
    private const string Source = """
        package store

        import (
            "context"
            "errors"
        )

        // ErrNotFound is returned when a key is missing. func Fake() {}
        var ErrNotFound = errors.New("not found")

        const DefaultLimit = 100

        type (
            Key   string
            Store interface {
                Get(ctx context.Context, k Key) ([]byte, error)
                Close() error
            }
        )

        type memory struct {
            items map[Key][]byte
        }

        func New() *memory {
            return &memory{items: map[Key][]byte{}}
        }

        func (m *memory) Get(ctx context.Context, k Key) ([]byte, error) {
            if v, ok := m.items[k]; ok {
                return v, nil
            }
            go func() { m.Close() }()
            return nil, ErrNotFound
        }

        func (m *memory) Close() error { return nil }

        func Map[T, U any](xs []T, f func(T) U) []U {
            out := make([]U, 0, len(xs))
            return out
        }
        """;

    [Fact]
    public void Finds_funcs_methods_types_and_constants_and_nothing_else() =>
        SymbolAssert.Extracts(
            "go",
            Source,
            ("DefaultLimit", SymbolKind.Constant, 11),
            ("Key", SymbolKind.Type, 14),
            ("Store", SymbolKind.Interface, 15),
            ("Get", SymbolKind.Method, 16),
            ("Close", SymbolKind.Method, 17),
            ("memory", SymbolKind.Struct, 21),
            ("New", SymbolKind.Function, 25),
            ("Get", SymbolKind.Method, 29),
            ("Close", SymbolKind.Method, 37),
            ("Map", SymbolKind.Function, 39));

    [Fact]
    public void Calls_control_flow_and_comments_in_bodies_add_nothing()
    {
        const string source = """
            // func Commented() {}
            /* type Hidden struct{} */
            var handler = func(w http.ResponseWriter) {
                if err := run(); err != nil {
                    log(err)
                }
                for i := range items {
                    process(i)
                }
                defer close()
            }
            var raw = `
            func InRawString() {}
            `
            """;

        Assert.Empty(SymbolExtractor.Extract("go", source));
    }
}
