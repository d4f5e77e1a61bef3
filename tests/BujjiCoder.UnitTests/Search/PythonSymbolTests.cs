using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

public sealed class PythonSymbolTests
{
    private const string Source = """"
        """Order utilities.

        def not_a_function(): this is in the module docstring
        """
        import asyncio
        from dataclasses import dataclass

        MAX_ITEMS = 100


        # def commented_out(): pass
        @dataclass
        class Order:
            id: str
            total: float = 0.0

            def add(self, amount: float) -> None:
                if amount < 0:
                    raise ValueError("negative")
                self.total += amount

            async def save(self, db) -> None:
                def _row():
                    return (self.id, self.total)
                await db.execute("insert", _row())

            class Meta:
                table = "orders"


        def total(orders: list[Order]) -> float:
            return sum(o.total for o in orders)


        async def main() -> None:
            order = Order("a")
            order.add(
                5,
            )
            await order.save(None)
        """";

    [Fact]
    public void Methods_in_classes_and_functions_elsewhere_and_nothing_else() =>
        SymbolAssert.Extracts(
            "python",
            Source,
            ("Order", SymbolKind.Class, 13),
            ("add", SymbolKind.Method, 17),
            ("save", SymbolKind.Method, 22),
            ("_row", SymbolKind.Function, 23),
            ("Meta", SymbolKind.Class, 27),
            ("total", SymbolKind.Function, 31),
            ("main", SymbolKind.Function, 35));

    [Fact]
    public void Calls_control_flow_comments_and_strings_add_nothing()
    {
        const string source = """"
            # def commented(): pass
            if ready:
                start()
            for x in xs:
                handle(x)
            while busy:
                wait(10)
            print("def in_string(): pass")
            query = """
            class InString:
                def fake(self): pass
            """
            result = define(x)
            classify(x)
            """";

        Assert.Empty(SymbolExtractor.Extract("python", source));
    }
}
