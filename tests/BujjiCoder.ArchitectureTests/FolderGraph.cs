using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace BujjiCoder.ArchitectureTests;

/// <summary>Which top-level folder (namespace under the assembly's root) of one assembly uses which, read from its IL.</summary>
internal sealed class FolderGraph
{
    private FolderGraph(string assembly, IReadOnlyDictionary<string, IReadOnlySet<string>> edges)
    {
        Assembly = assembly;
        Edges = edges;
    }

    public string Assembly { get; }

    public IReadOnlyDictionary<string, IReadOnlySet<string>> Edges { get; }

    public static FolderGraph Of(string assemblyName)
    {
        var assembly = System.Reflection.Assembly.Load(assemblyName);
        var folders = Types.InAssembly(assembly).GetTypes()
            .Select(t => t.Namespace ?? string.Empty)
            .Where(ns => ns.StartsWith(assemblyName + ".", StringComparison.Ordinal))
            .Select(ns => ns[(assemblyName.Length + 1)..].Split('.')[0])
            .ToHashSet();

        var edges = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var folder in folders)
        {
            edges[folder] = folders
                .Where(other => other != folder && Uses(assembly, $"{assemblyName}.{folder}", $"{assemblyName}.{other}"))
                .ToHashSet();
        }

        return new FolderGraph(assemblyName, edges);
    }

    /// <summary>
    /// The groups of folders that reach each other (strongly connected components of more than one folder): each is at
    /// least one cycle. Empty when every dependency goes one way.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Tangles()
    {
        // Tarjan's algorithm; the graphs have a few dozen nodes, so recursion depth is no concern.
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var tangles = new List<IReadOnlyList<string>>();
        foreach (var folder in Edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(folder))
            {
                Visit(folder);
            }
        }

        return tangles;

        void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            foreach (var next in Edges[folder])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[folder] = Math.Min(low[folder], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[folder] = Math.Min(low[folder], index[next]);
                }
            }

            if (low[folder] == index[folder])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != folder);

                if (component.Count > 1)
                {
                    tangles.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }
    }

    private static bool Uses(Assembly assembly, string from, string to)
    {
        // Both sides match whole namespace segments (NetArchTest does so for dependencies), so "Auth" never catches "Authoring".
        var result = Types.InAssembly(assembly).That().ResideInNamespaceMatching($"^{Regex.Escape(from)}(\\.|$)")
            .ShouldNot().HaveDependencyOnAny(to)
            .GetResult();
        return !result.IsSuccessful;
    }
}
