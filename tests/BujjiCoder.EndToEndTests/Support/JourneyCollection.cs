namespace BujjiCoder.EndToEndTests.Support;

/// <summary>
/// Every journey class belongs here, and they run one at a time: they script the one fake LLM in turn, and on two
/// cores a browser, nginx, the Api and PostgreSQL are what the budgets measure; a second journey beside them would
/// measure the scheduler.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class JourneyCollection
{
    public const string Name = "Journeys";
}
