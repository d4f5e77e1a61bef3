using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

public sealed class RustSymbolTests
{
    private const string Source = """
        use std::collections::HashMap;

        // fn commented_out() {}
        pub const MAX_ITEMS: usize = 100;
        static mut COUNTER: u32 = 0;

        /// A key-value store. fn in_doc_comment() {}
        #[derive(Debug, Default)]
        pub struct Store<'a> {
            items: HashMap<&'a str, String>,
        }

        pub enum Event { Put(String), Delete }

        pub trait Backend {
            type Error;
            fn get(&self, key: &str) -> Option<String>;
        }

        impl<'a> Store<'a> {
            pub fn new() -> Self {
                let f = |x: u32| x + 1;
                if f(1) > 1 { println!("{}", f(2)); }
                Self { items: HashMap::new() }
            }

            pub(crate) async fn put(&mut self, key: &'a str, value: String) {
                self.items.insert(key, value);
            }
        }

        pub type Result<T> = std::result::Result<T, String>;

        pub mod util {
            pub const unsafe extern "C" fn raw() {}
        }

        fn main() {
            let store = Store::new();
            println!("{:?}", store);
        }
        """;

    [Fact]
    public void Finds_items_and_impl_methods_and_nothing_else() =>
        SymbolAssert.Extracts(
            "rust",
            Source,
            ("MAX_ITEMS", SymbolKind.Constant, 4),
            ("COUNTER", SymbolKind.Constant, 5),
            ("Store", SymbolKind.Struct, 9),
            ("Event", SymbolKind.Enum, 13),
            ("Backend", SymbolKind.Trait, 15),
            ("Error", SymbolKind.Type, 16),
            ("get", SymbolKind.Method, 17),
            ("new", SymbolKind.Method, 21),
            ("put", SymbolKind.Method, 27),
            ("Result", SymbolKind.Type, 32),
            ("util", SymbolKind.Module, 34),
            ("raw", SymbolKind.Function, 35),
            ("main", SymbolKind.Function, 38));

    [Fact]
    public void Calls_control_flow_comments_and_strings_add_nothing()
    {
        const string source = """
            /* fn in_block() {}
               struct InBlock; */
            let message = "fn in_string() {}";
            if ready { start(); }
            match event { Event::Put(v) => store(v), _ => {} }
            for x in items.iter() { handle(x); }
            while busy() { wait(10); }
            let c = '{';
            """;

        Assert.Empty(SymbolExtractor.Extract("rust", source));
    }
}
