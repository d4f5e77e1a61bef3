using BujjiCoder.Api.Workspaces;
using BujjiCoder.Workspaces;

namespace BujjiCoder.IntegrationTests.Workspaces;

/// <summary>Path attacks against the one path check every file endpoint will use.</summary>
public sealed class WorkspacePathTests
{
    [Theory]
    [InlineData("src/Program.cs")]
    [InlineData("README.md")]
    [InlineData(".gitignore")]
    [InlineData("docs/a.b/c..d.txt")]
    [InlineData("naïve/café.txt")]
    public void Ordinary_relative_paths_are_accepted(string path)
    {
        Assert.True(WorkspacePath.TryNormalize(path, out var normalized, out var error), error);
        Assert.Equal(path.Normalize(System.Text.NormalizationForm.FormC), normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc/passwd")]
    [InlineData("src/../../etc/passwd")]
    [InlineData("src/./x")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("c:evil")]
    [InlineData("..\\..\\etc\\passwd")]
    [InlineData("src\\x.cs")]
    [InlineData("%2e%2e/etc/passwd")]          // encoded, left over after the router's one decoding
    [InlineData("%252e%252e/etc/passwd")]      // double-encoded
    [InlineData("src/%2fetc")]
    [InlineData("\uff0e\uff0e/etc/passwd")]    // fullwidth full stops
    [InlineData("\u2024\u2024/etc/passwd")]    // one-dot leaders
    [InlineData("src\uff0fx")]                 // fullwidth solidus makes a new segment...
    [InlineData("a\uff0f\uff0e\uff0e\uff0fb")] // ...and a hidden '..'
    [InlineData("src\uff3cx")]                 // fullwidth reverse solidus
    [InlineData("file\0.txt")]
    [InlineData("file\n.txt")]
    [InlineData("zero\u200bwidth")]
    [InlineData("~/secrets")]
    [InlineData("src/~root")]
    [InlineData("src//x")]
    [InlineData("src/")]
    [InlineData("stream:alternate")]
    public void Attacks_are_refused_with_a_reason(string path)
    {
        Assert.False(WorkspacePath.TryNormalize(path, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Overlong_paths_and_segments_are_refused()
    {
        Assert.False(WorkspacePath.TryNormalize(new string('a', 256), out _, out _));
        Assert.False(WorkspacePath.TryNormalize(string.Join('/', Enumerable.Repeat(new string('a', 200), 6)), out _, out _));
        Assert.True(WorkspacePath.TryNormalize(new string('a', 255), out _, out _));
    }
}
