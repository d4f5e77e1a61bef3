using BujjiCoder.Api.Account;
using BujjiCoder.Api.Admin;
using BujjiCoder.Api.Auth;
using BujjiCoder.Api.Budgets;
using BujjiCoder.Api.Chat;
using BujjiCoder.Api.Completion;
using BujjiCoder.Api.Composer;
using BujjiCoder.Api.Info;
using BujjiCoder.Api.Llm;
using BujjiCoder.Api.RateLimiting;
using BujjiCoder.Api.Usage;
using BujjiCoder.Api.Workspaces;
using BujjiCoder.Data.Infrastructure;
using BujjiCoder.ServiceDefaults.Infrastructure;
using BujjiCoder.ServiceDefaults.Secrets;
using Microsoft.FeatureManagement;
using Scalar.AspNetCore;
using BujjiCoder.Workspaces;
using BujjiCoder.Workspaces.Completion;
using BujjiCoder.Workspaces.Prompts;

namespace BujjiCoder.Api.Hosting;

internal static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRuntimeInfrastructure(builder.AddBujjiDatabase());
        builder.AddDatabaseFaultHandling();
        builder.AddAuth();
        builder.AddAccount();
        builder.AddWorkspaces();
        builder.AddSharedDataProtection();
        builder.AddHttpHardening();
        builder.AddApiRateLimiting();
        builder.AddBudgets();
        builder.AddUsage();
        builder.AddLlm();
        builder.AddChat();
        builder.AddComposer();
        builder.AddCompletion();
        builder.Services.AddValidation();

        builder.Services.AddFeatureManagement();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Field names in validation errors follow the JSON bodies (camelCase), whoever produced them, nested ones
            // segment by segment (budget.dailyTokens).
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                validation.Errors = validation.Errors.ToDictionary(
                    error => string.Join('.', error.Key.Split('.').Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName)), error => error.Value);
            }
        });
        // Body, header, form and JSON limits, strict enums, request timeouts, and problem details for unreadable requests.
        builder.AddRequestLimits();
        // Numbers are JSON numbers, never strings: the web defaults would read "5" too, and the OpenAPI document (from which
        // the web app's types are generated) would then type every number as number | string.
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(json =>
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);
        builder.AddApiDocumentation();
        return builder;
    }

    public static WebApplication UseApplicationPipeline(this WebApplication app)
    {
        // First, so refused and failed requests are logged too (method, path, status, duration; never query or bodies).
        app.UseSafeRequestLogging();
        app.UseHttpHardening();

        // Unhandled exceptions and bare status codes (404, 405, ...) both become RFC 9457 problem details;
        // outside Development neither carries a stack trace or an internal message. Requests the framework could not
        // read are answered by BadRequestExceptionHandler (registered by AddRequestLimits) with a generic detail.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the framework could not bind (a missing or malformed parameter) is the caller's error.
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseAuthentication();
        // After authentication so limits know the user; before authorization so failed attempts count too.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestLimits();
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
        api.MapAccountEndpoints();
        api.MapTokenEndpoints();
        api.MapSessionEndpoints();
        api.MapAdminEndpoints();
        api.MapInvitationEndpoints();
        api.MapJobEndpoints();
        api.MapWorkspaceEndpoints();
        api.MapModelEndpoints();
        api.MapProviderKeyEndpoints();
        api.MapProviderStatusEndpoints();
        api.MapUsageEndpoints();
        api.MapConversationEndpoints();
        api.MapComposerEndpoints();
        api.MapCompletionEndpoints();
        return app;
    }
}
