using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

public sealed class JavaScriptSymbolTests
{
    private const string Source = """
        'use strict';

        const path = require('path');
        const { readFile } = require('fs/promises');

        // function commented() {}
        class Cache {
          #items = new Map();

          constructor(limit) {
            this.limit = limit;
          }

          get size() {
            return this.#items.size;
          }

          *keys() {
            yield* this.#items.keys();
          }

          static from(entries) {
            const cache = new Cache(entries.length);
            entries.forEach((e) => cache.set(e.key, e.value));
            return cache;
          }
        }

        function resolve(file) {
          const full = path.resolve(file);
          while (full.endsWith('/')) {
            return full.slice(0, -1);
          }
          return full;
        }

        const load = async function (file) {
          return readFile(resolve(file), 'utf8');
        };

        const double = x => x * 2;
        module.exports = { Cache, resolve, load, double };
        """;

    [Fact]
    public void Finds_classes_functions_and_methods_and_nothing_else() =>
        SymbolAssert.Extracts(
            "javascript",
            Source,
            ("Cache", SymbolKind.Class, 7),
            ("Cache", SymbolKind.Method, 10),
            ("size", SymbolKind.Method, 14),
            ("keys", SymbolKind.Method, 18),
            ("from", SymbolKind.Method, 22),
            ("resolve", SymbolKind.Function, 29),
            ("load", SymbolKind.Function, 37),
            ("double", SymbolKind.Function, 41));

    [Fact]
    public void Calls_control_flow_comments_and_template_text_add_nothing()
    {
        const string source = """
            if (ready) {
              start();
            }
            for (const x of xs) { handle(x); }
            while (busy) wait(10);
            switch (mode) { case 1: run(); }
            try { go(); } catch (e) { report(e); }
            const result = items.map((x) => x * 2);
            const el = (
              <div>function inJsx() {}</div>
            );
            describe('store', () => {
              it('loads', async () => {
                await store.load(1);
              });
            });
            // function commented() {}
            /* class Hidden {} */
            const html = `
              function inTemplate() {}
              class InTemplate {}
            `;
            """;

        Assert.Empty(SymbolExtractor.Extract("javascript", source));
    }
}
