using BujjiCoder.Data.Infrastructure;
using BujjiCoder.Worker.Heartbeat;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBujjiInfrastructure();
builder.AddHeartbeat();

var app = builder.Build();

app.MapDefaultEndpoints();

if (!app.TryValidateConfiguration())
{
    return 1;
}

app.LogRuntimeInfrastructure();
await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;
