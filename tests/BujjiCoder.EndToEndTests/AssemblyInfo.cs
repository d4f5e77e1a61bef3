using BujjiCoder.EndToEndTests.Hosting;

// One PostgreSQL, Redis, fake LLM, Api process, nginx and chromium serve every journey of the run.
[assembly: AssemblyFixture(typeof(EndToEndApp))]
