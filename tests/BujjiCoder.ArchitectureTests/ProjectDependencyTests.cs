using System.Reflection;
using System.Xml.Linq;

namespace BujjiCoder.ArchitectureTests;

public sealed class ProjectDependencyTests
{
    public static TheoryData<string> ProjectNames => [.. Layers.Projects.Keys];

    public static TheoryData<string> CompiledProjects => [.. Layers.Projects.Keys.Where(p => p != "BujjiCoder.AppHost")];

    [Theory]
    [MemberData(nameof(ProjectNames))]
    public void Each_project_file_references_only_the_projects_its_layer_allows(string project)
    {
        var file = Path.Combine(SolutionPaths.Root, project, project + ".csproj");
        var referenced = XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

        Assert.Empty(referenced.Except(Layers.Projects[project]));
    }

    [Theory]
    [MemberData(nameof(CompiledProjects))]
    public void Each_compiled_assembly_uses_only_the_projects_its_layer_allows(string project)
    {
        var used = Assembly.Load(project).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("BujjiCoder.", StringComparison.Ordinal));

        Assert.Empty(used.Except(Layers.Projects[project]));
    }

    [Theory]
    [InlineData("BujjiCoder.Workspaces")]
    [InlineData("BujjiCoder.Data", "Microsoft.AspNetCore.Identity.EntityFrameworkCore")]
    public void The_library_layers_know_nothing_of_aspnet_core(string project, params string[] allowed)
    {
        // The engines and the model run in the Api and the Worker alike; an HTTP type here would drag a request model
        // into the Worker. Identity's EF Core store is only the model of the account tables.
        var used = Assembly.Load(project).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
            .Except(allowed);
        var projectFile = XDocument.Load(Path.Combine(SolutionPaths.Root, project, project + ".csproj"));

        Assert.Empty(used);
        Assert.Equal("Microsoft.NET.Sdk", projectFile.Root!.Attribute("Sdk")!.Value);
        Assert.Empty(projectFile.Descendants("FrameworkReference"));
    }

    [Fact]
    public void Every_project_of_the_solution_has_a_place_in_the_layering()
    {
        var inSolution = File.ReadLines(Path.Combine(SolutionPaths.Root, "BujjiCoder.sln"))
            .Where(line => line.StartsWith("Project(", StringComparison.Ordinal) && line.Contains(".csproj", StringComparison.Ordinal))
            .Select(line => line.Split(',')[1].Trim().Trim('"'))
            .Select(path => Path.GetFileNameWithoutExtension(path.Replace('\\', '/')))
            .Where(name => !name.EndsWith("Tests", StringComparison.Ordinal) && name is not "BujjiCoder.Testing" and not "BujjiCoder.Benchmarks");

        Assert.Empty(inSolution.Except(Layers.Projects.Keys));
    }
}
