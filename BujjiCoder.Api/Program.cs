using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Hosting;
using BujjiCoder.Data.Infrastructure;
using BujjiCoder.ServiceDefaults.Startup;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

if (CreateAdminCommand.IsRequested(args))
{
    return await CreateAdminCommand.RunAsync(app);
}

app.UseApplicationPipeline();
app.MapDefaultEndpoints();
app.MapApiEndpoints();

return await app.RunServiceAsync(app.PrepareDatabaseAsync);
