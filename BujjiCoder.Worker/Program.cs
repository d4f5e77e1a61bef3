using BujjiCoder.Data.Infrastructure;
using BujjiCoder.ServiceDefaults.Infrastructure;
using BujjiCoder.ServiceDefaults.Startup;
using BujjiCoder.Worker.Heartbeat;
using BujjiCoder.Worker.Retention;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRuntimeInfrastructure(builder.AddBujjiDatabase());
builder.AddHeartbeat();
builder.AddRetention();

var app = builder.Build();

app.MapDefaultEndpoints();

return await app.RunServiceAsync(app.PrepareDatabaseAsync);
