using BujjiCoder.AppHost.Infrastructure;

StartRefusedException.PrintWhenUnhandled();

var builder = DistributedApplication.CreateBuilder(args);

var mode = InfraModeSelector.Choose(builder);

var api = builder.AddProject<Projects.BujjiCoder_Api>("api")
    .WithExternalHttpEndpoints()
    .WithPortSetting("Api:Port")
    .WithHttpHealthCheck("/health/ready")
    // The Prometheus scrape endpoint (/metrics) answers only on this port, which is not external.
    .WithHttpEndpoint(name: "management", env: "Management__Port")
    .WithEnvironment("Infrastructure__Mode", mode.ToString().ToLowerInvariant())
    .WithApiSecretParameters()
    .WithUrlPrintedWhenReady("Api");

// The worker starts after the Api, which applies the database migrations.
var worker = builder.AddProject<Projects.BujjiCoder_Worker>("worker")
    .WithHttpHealthCheck("/health/ready")
    .WithHttpEndpoint(name: "management", env: "Management__Port")
    .WithEnvironment("Infrastructure__Mode", mode.ToString().ToLowerInvariant())
    .WithLocalBackups(builder, mode)
    .WithWorkerSecretParameters()
    .WaitFor(api);

builder.AddInfrastructure(mode, api, worker);
builder.AddWebApp("web", api);

builder.Build().Run();
