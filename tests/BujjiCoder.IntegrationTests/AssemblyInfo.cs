// One PostgreSQL and one Redis serve every test in this assembly.
[assembly: AssemblyFixture(typeof(TestInfrastructure))]

// One clamd for the upload-scanning tests, started only when one of them runs.
[assembly: AssemblyFixture(typeof(ClamdFixture))]

// One Azurite (Azure Storage emulator) for the blob backup tests, started only when one of them runs.
[assembly: AssemblyFixture(typeof(AzuriteFixture))]
