using BujjiCoder.Api.Hosting;
using BujjiCoder.Api.Operations;
using BujjiCoder.Data.Infrastructure;
using BujjiCoder.ServiceDefaults.Startup;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

if (OperatorCommands.IsRequested(args))
{
    return await OperatorCommands.RunAsync(app, args);
}

app.UseApplicationPipeline();
app.MapDefaultEndpoints();
app.MapApiEndpoints();

return await app.RunServiceAsync(app.PrepareDatabaseAsync);
