using BujjiCoder.Data.Infrastructure;
using BujjiCoder.Worker.Heartbeat;
using BujjiCoder.Worker.Imports;
using BujjiCoder.Worker.Retention;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBujjiInfrastructure();
builder.AddHeartbeat();
builder.AddRetention();
builder.AddImportJobs();

var app = builder.Build();

app.MapDefaultEndpoints();

return await app.RunServiceAsync();
