using BujjiCoder.Api.Extensions;
using BujjiCoder.Data.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApplicationPipeline();
app.MapDefaultEndpoints();
app.MapApiEndpoints();

if (!app.TryValidateConfiguration())
{
    return 1;
}

app.LogRuntimeInfrastructure();
await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;
