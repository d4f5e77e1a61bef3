using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

public sealed class TypeScriptSymbolTests
{
    private const string Source = """
        import { Api, Base } from "./api";

        export interface User {
          id: string;
          name?: string;
        }

        export type UserId = string;
        export const enum Role { Admin, Member }

        /* function notReal() {} is inside a block comment
           class AlsoNotReal {} */
        export default class UserStore<T extends User> extends Base {
          private readonly cache = new Map<string, T>();

          constructor(private readonly api: Api) {
            super();
          }

          async load(id: UserId): Promise<T | undefined> {
            if (!id) {
              return undefined;
            }
            for (const u of this.cache.values()) {
              console.log(u);
            }
            return this.api.get(id);
          }

          static get empty(): UserStore<User> {
            return new UserStore(null!);
          }

          handle = async (event: Event): Promise<void> => {
            await this.load(String(event));
          };
        }

        export async function* pages(size = 10) {
          yield size;
        }

        export const toId = (u: User): UserId => u.id;
        """;

    [Fact]
    public void Finds_types_functions_and_class_members_and_nothing_else() =>
        SymbolAssert.Extracts(
            "typescript",
            Source,
            ("User", SymbolKind.Interface, 3),
            ("UserId", SymbolKind.Type, 8),
            ("Role", SymbolKind.Enum, 9),
            ("UserStore", SymbolKind.Class, 13),
            ("UserStore", SymbolKind.Method, 16),
            ("load", SymbolKind.Method, 20),
            ("empty", SymbolKind.Method, 30),
            ("handle", SymbolKind.Method, 34),
            ("pages", SymbolKind.Function, 39),
            ("toId", SymbolKind.Function, 43));
}
