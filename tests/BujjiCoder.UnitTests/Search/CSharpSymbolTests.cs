using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

public sealed class CSharpSymbolTests
{
    private const string Source = """
        using System.Text.RegularExpressions;

        namespace Shop.Orders;

        // public class NotAType is only mentioned in a comment
        /// <summary>Totals an order. public void NotAMethod() </summary>
        public sealed partial class OrderService<TOrder> : IOrderService where TOrder : class
        {
            private const int MaxItems = 100;
            private readonly List<TOrder> _orders = new();
            private string _name = "";

            public OrderService(IClock clock) => Clock = clock;

            public IClock Clock { get; }

            public int Count => _orders.Count;

            public string Name
            {
                get => _name;
                set => _name = value;
            }

            public static async Task<decimal> TotalAsync<T>(IEnumerable<T> items, CancellationToken ct)
            {
                if (items is null) throw new ArgumentNullException(nameof(items));
                var total = Sum(items);
                await Task.Delay(1, ct);
                return total;
            }

            private static decimal Sum<T>(IEnumerable<T> items) => items.Count();

            [GeneratedRegex("^[a-z]+$")]
            private static partial Regex Slug();
        }

        public interface IOrderService
        {
            int Count { get; }
            Task<decimal> TotalAsync(CancellationToken ct);
        }

        internal readonly record struct Money(decimal Amount, string Currency);
        """;

    [Fact]
    public void Finds_namespaces_types_and_members_and_nothing_else() =>
        SymbolAssert.Extracts(
            "csharp",
            Source,
            ("Shop.Orders", SymbolKind.Namespace, 3),
            ("OrderService", SymbolKind.Class, 7),
            ("MaxItems", SymbolKind.Constant, 9),
            ("OrderService", SymbolKind.Method, 13),
            ("Clock", SymbolKind.Property, 15),
            ("Count", SymbolKind.Property, 17),
            ("Name", SymbolKind.Property, 19),
            ("TotalAsync", SymbolKind.Method, 25),
            ("Sum", SymbolKind.Method, 33),
            ("Slug", SymbolKind.Method, 36),
            ("IOrderService", SymbolKind.Interface, 39),
            ("Count", SymbolKind.Property, 41),
            ("TotalAsync", SymbolKind.Method, 42),
            ("Money", SymbolKind.Record, 45));

    [Fact]
    public void Block_namespaces_nested_types_enums_and_static_constructors_are_found()
    {
        const string source = """
            namespace Shop
            {
                public abstract class Shape
                {
                    static Shape() { }

                    public abstract double Area();

                    protected internal sealed class Circle : Shape
                    {
                        public override double Area() => Math.PI;
                    }

                    void IDisposable.Dispose() { }
                }

                public enum Color
                {
                    Red,
                    Green,
                }

                public delegate void Changed<T>(T value);
            }
            """;

        SymbolAssert.Extracts(
            "csharp",
            source,
            ("Shop", SymbolKind.Namespace, 1),
            ("Shape", SymbolKind.Class, 3),
            ("Shape", SymbolKind.Method, 5),
            ("Area", SymbolKind.Method, 7),
            ("Circle", SymbolKind.Class, 9),
            ("Area", SymbolKind.Method, 11),
            ("Dispose", SymbolKind.Method, 14),
            ("Color", SymbolKind.Enum, 17),
            ("Changed", SymbolKind.Type, 23));
    }

    [Fact]
    public void Statements_comments_raw_strings_and_continuations_in_a_class_add_nothing()
    {
        const string source = """"
            internal static class Widgets
            {
                /*
                 * public static void InBlockComment() { }
                 */
                private const string Template = """
                    public class InRawString { public void Fake() { } }
                    """;

                public static int Build(int x) =>
                    Compute(x);

                public static void Run(bool ready, int[] items)
                {
                    if (ready) { Start(); }
                    else if (items.Length > 0) Stop();
                    foreach (var item in items) { Console.WriteLine(item); }
                    while (ready) ready = Poll();
                    switch (items.Length) { case 0: return; }
                    try { Go(); } catch (InvalidOperationException e) { Report(e); }
                    using (var s = Open()) { s.Flush(); }
                    var widget = new Widget(1);
                    Widget other = Create(widget);
                    int Local(int y) => y + 1;
                    throw new NotSupportedException(nameof(Run));
                }
            }
            """";

        SymbolAssert.Extracts(
            "csharp",
            source,
            ("Widgets", SymbolKind.Class, 1),
            ("Template", SymbolKind.Constant, 6),
            ("Build", SymbolKind.Method, 10),
            ("Run", SymbolKind.Method, 13));
    }
}
