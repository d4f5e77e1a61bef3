using System.Reflection;

namespace BujjiCoder.Testing;

/// <summary>Where the built projects are, for tests that start a service as a real process.</summary>
public static class SolutionPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built <c>{project}.dll</c>, in the configuration the tests were built in.</summary>
    public static string ProjectAssembly(string project)
    {
        var configuration = typeof(SolutionPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(Root, project, "bin", configuration, "net10.0", $"{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BujjiCoder.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BujjiCoder.sln not found above the test output directory.");
    }
}
