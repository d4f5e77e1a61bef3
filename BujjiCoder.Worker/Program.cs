using BujjiCoder.Data.Infrastructure;
using BujjiCoder.Worker.Heartbeat;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBujjiInfrastructure();
builder.AddHeartbeat();

var app = builder.Build();

app.MapDefaultEndpoints();

return await app.RunServiceAsync();
