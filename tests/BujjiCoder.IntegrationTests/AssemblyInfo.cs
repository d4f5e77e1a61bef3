// One PostgreSQL and one Redis serve every test in this assembly.
[assembly: AssemblyFixture(typeof(TestInfrastructure))]
