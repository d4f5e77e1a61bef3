using BujjiCoder.Workspaces.Search;

namespace BujjiCoder.UnitTests.Search;

public sealed class LanguagesTests
{
    [Theory]
    [InlineData("src/Program.cs", "csharp")]
    [InlineData("scripts/build.csx", "csharp")]
    [InlineData("src/a.test.tsx", "typescript")]
    [InlineData("lib/index.mts", "typescript")]
    [InlineData("lib/index.cjs", "javascript")]
    [InlineData("app.jsx", "javascript")]
    [InlineData("pkg/__init__.py", "python")]
    [InlineData("stubs/os.pyi", "python")]
    [InlineData("cmd/main.go", "go")]
    [InlineData("src/main/java/App.java", "java")]
    [InlineData("src/lib.rs", "rust")]
    [InlineData("build.gradle.kts", "kotlin")]
    [InlineData("include/list.h", "c")]
    [InlineData("src/list.c", "c")]
    [InlineData("src/list.hpp", "cpp")]
    [InlineData("src/list.cc", "cpp")]
    [InlineData("deploy.sh", "shell")]
    [InlineData("deploy.ps1", "powershell")]
    [InlineData("config/app.yml", "yaml")]
    [InlineData("config/app.yaml", "yaml")]
    [InlineData("BujjiCoder.Api.csproj", "xml")]
    [InlineData("Directory.Build.props", "xml")]
    [InlineData("docs/README.md", "markdown")]
    [InlineData("notes.txt", "plaintext")]
    [InlineData("Dockerfile", "dockerfile")]
    [InlineData("deploy/api.dockerfile", "dockerfile")]
    [InlineData("services/web/Dockerfile", "dockerfile")]
    [InlineData("Makefile", "makefile")]
    [InlineData("src\\Windows\\Path.cs", "csharp")]
    public void Known_paths_map_to_their_language(string path, string expected) =>
        Assert.Equal(expected, Languages.FromPath(path));

    [Theory]
    [InlineData("SRC/PROGRAM.CS", "csharp")]
    [InlineData("App.TSX", "typescript")]
    [InlineData("Main.Go", "go")]
    [InlineData("CONFIG.YML", "yaml")]
    public void Extensions_are_case_insensitive(string path, string expected) =>
        Assert.Equal(expected, Languages.FromPath(path));

    [Theory]
    [InlineData("README")]
    [InlineData("x.unknown")]
    [InlineData("LICENSE")]
    [InlineData("archive.tar.gz")]
    [InlineData("src/")]
    [InlineData("")]
    [InlineData("cs")]
    public void Unknown_paths_have_no_language(string path) =>
        Assert.Null(Languages.FromPath(path));
}
