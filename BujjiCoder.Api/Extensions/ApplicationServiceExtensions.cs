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
        builder.AddAuth();
        builder.Services.AddValidation();

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
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapApiEndpoints(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference().AllowAnonymous();
        }

        // Secure by default: every endpoint of the Api needs a signed-in caller unless it says AllowAnonymous.
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapInfoEndpoints();
        api.MapAuthEndpoints();
        return app;
    }
}
