using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

public sealed class JavaSymbolTests
{
    private const string Source = """
        package com.example.orders;

        import java.util.List;

        /** Service for orders. class NotAClass {} */
        @Service
        public final class OrderService<T extends Order> implements Closeable {
            private static final int MAX_ITEMS = 100;
            private final List<T> orders = new ArrayList<>();

            public OrderService(List<T> initial) {
                this.orders.addAll(initial);
            }

            @Override
            public <R> List<R> map(Function<T, R> f) {
                List<R> out = new ArrayList<>();
                for (T o : orders) {
                    out.add(f.apply(o));
                }
                if (out.isEmpty()) {
                    log("empty");
                }
                return out;
            }

            static synchronized void log(String message) {
                System.out.println(message);
            }

            public void close() throws IOException {
                Runnable r = new Runnable() {
                    public void run() { orders.clear(); }
                };
                r.run();
            }

            enum Status { OPEN, CLOSED }

            public record Line(String sku, int quantity) {}

            interface Listener {
                void onChange(Order order);
            }
        }
        """;

    [Fact]
    public void Finds_types_methods_constructors_and_constants_and_nothing_else() =>
        SymbolAssert.Extracts(
            "java",
            Source,
            ("OrderService", SymbolKind.Class, 7),
            ("MAX_ITEMS", SymbolKind.Constant, 8),
            ("OrderService", SymbolKind.Method, 11),
            ("map", SymbolKind.Method, 16),
            ("log", SymbolKind.Method, 27),
            ("close", SymbolKind.Method, 31),
            ("Status", SymbolKind.Enum, 38),
            ("Line", SymbolKind.Record, 40),
            ("Listener", SymbolKind.Interface, 42),
            ("onChange", SymbolKind.Method, 43));

    [Fact]
    public void Enum_constants_and_argument_lines_are_not_methods()
    {
        const string source = """
            public enum Planet {
                MERCURY(3.303e+23, 2.4397e6),
                VENUS(4.869e+24,
                      6.0518e6);

                private final double mass;

                Planet(double mass, double radius) {
                    this.mass = mass;
                }

                double surfaceGravity() {
                    return compute(mass,
                        radius(mass));
                }
            }
            """;

        SymbolAssert.Extracts(
            "java",
            source,
            ("Planet", SymbolKind.Enum, 1),
            ("Planet", SymbolKind.Method, 8),
            ("surfaceGravity", SymbolKind.Method, 12));
    }
}
