using System.Text.Json.Serialization;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Info;
using BujjiCoder.Data.Infrastructure;
using Microsoft.FeatureManagement;
using Scalar.AspNetCore;

namespace BujjiCoder.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddBujjiInfrastructure();
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddFeatureManagement();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseApplicationPipeline(this WebApplication app)
    {
        // Unhandled exceptions and bare status codes (404, 405, ...) both become RFC 9457 problem details;
        // outside Development neither carries a stack trace or an internal message.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    public static WebApplication MapApiEndpoints(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi();
            app.MapScalarApiReference();
        }

        var api = app.MapGroup("/api/v1");
        api.MapInfoEndpoints();
        return app;
    }
}
