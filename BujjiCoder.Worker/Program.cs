using BujjiCoder.Data.Infrastructure;
using BujjiCoder.ServiceDefaults.Infrastructure;
using BujjiCoder.ServiceDefaults.Startup;
using BujjiCoder.Worker.Backups;
using BujjiCoder.Worker.Heartbeat;
using BujjiCoder.Worker.Imports;
using BujjiCoder.Worker.Indexing;
using BujjiCoder.Worker.Retention;
using BujjiCoder.Worker.Scheduling;
using BujjiCoder.Worker.Usage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRuntimeInfrastructure(builder.AddBujjiDatabase());
builder.AddHeartbeat();
builder.AddScheduledJobs();
builder.AddRetention();
builder.AddImportJobs();
builder.AddSemanticIndexing();
builder.AddUsageRollups();
builder.AddDatabaseBackupEngines();
builder.AddBackups();

var app = builder.Build();

if (RestoreCommand.IsRequested(args))
{
    return await RestoreCommand.RunAsync(app, args);
}

app.MapDefaultEndpoints();

return await app.RunServiceAsync(app.PrepareDatabaseAsync);
