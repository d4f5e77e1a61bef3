using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BujjiCoder.Api.Hosting;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, Development) is the contract the web app's TypeScript types are generated
/// from, so it declares every response an operation can give. Each route states its own successes and problems
/// (<c>Produces…</c>); <see cref="CommonResponsesTransformer"/> adds what follows from the pipeline (401, 403, 429, 400,
/// 413, 415, and problem bodies on every error).
/// </summary>
internal static class OpenApiDocumentation
{
    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddOperationTransformer<CommonResponsesTransformer>();
            options.AddSchemaTransformer(DescribeProblemExtensions);
            options.AddSchemaTransformer(RequireOnlyWhatValidationRequires);
            // The server list would name the host and port of whoever asked; the web app calls its own origin, and the
            // checked-in contract must not change from one machine to the next.
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Servers = null;
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>
    /// Problems carry <c>traceId</c> and, by kind, more members (<c>files</c> of a diff conflict, <c>limit</c> and <c>resetsAt</c> of
    /// a budget, <c>signature</c> of malware); the framework's schema knows only the five standard ones.
    /// </summary>
    private static Task DescribeProblemExtensions(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type.IsAssignableTo(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String };
            schema.AdditionalProperties = new OpenApiSchema();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// In a request body a member is required when validation requires it (<c>[Required]</c>) or it cannot be null. The
    /// generator marks every constructor parameter required, which would make clients send explicit nulls for the
    /// fields of a PATCH or the options of a request. Responses keep every member required: they always carry it.
    /// </summary>
    private static Task RequireOnlyWhatValidationRequires(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.ParameterDescription is null || schema.Required is not { Count: > 0 } required || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            var validated = property.IsRequired || property.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) == true;
            if (!validated && schema.Properties.TryGetValue(property.Name, out var member) && AllowsNull(member))
            {
                required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }

    private static bool AllowsNull(IOpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Null) == true || schema.OneOf?.Any(option => option.Type == JsonSchemaType.Null) == true;
}
