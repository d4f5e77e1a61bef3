using System.Text.RegularExpressions;
using BujjiCoder.EndToEndTests.Hosting;

namespace BujjiCoder.EndToEndTests.Support;

/// <summary>
/// A test class of journeys: each test gets its own <see cref="Journey"/>, named for its class, started before it and
/// closed after it (late enough to know whether it failed, and then save a screenshot and the servers' logs).
/// </summary>
public abstract partial class JourneyTest(EndToEndApp app) : IAsyncLifetime
{
    private Journey? _journey;

    protected EndToEndApp App { get; } = app;

    protected Journey Journey => _journey ?? throw new InvalidOperationException("Not started.");

    protected IPage Page => Journey.Page;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // Named for the class (SignInJourney → sign-in), and for the test too where a class has several
        // (resilience-the-unreachable-banner…), so screenshot folders stay short and never shared.
        var name = KebabBoundary().Replace(GetType().Name.Replace("Journey", "", StringComparison.Ordinal), "$1-$2").ToLowerInvariant();
        var tests = GetType().GetMethods().Count(method => method.IsDefined(typeof(FactAttribute), inherit: true));
        if (tests > 1 && TestContext.Current.TestMethod?.MethodName is { } method)
        {
            name += "-" + string.Join('-', method.ToLowerInvariant().Split('_').Take(4));
        }

        _journey = await Journey.StartAsync(App, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_journey is not null)
        {
            await _journey.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Assertions that wait, as a user would, for the page to get there (Playwright's web-first assertions).</summary>
    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}
