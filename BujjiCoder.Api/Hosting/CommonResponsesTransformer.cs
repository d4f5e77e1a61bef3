using System.Text.Json;
using BujjiCoder.Api.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BujjiCoder.Api.Hosting;

/// <summary>
/// Adds to each operation the responses that come from the pipeline rather than from its handler, so that no route has
/// to repeat them: 401 where authentication is required, 403 where a permission or policy is, 429 everywhere (the global
/// rate limiter counts every Api request), 400 where there is input to validate, 413 and 415 where there is a body. Every
/// error has a problem-details body (RFC 9457): status code pages turn bare ones into problems too.
/// </summary>
internal sealed class CommonResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";
    private const string BearerScheme = "Bearer";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document ?? throw new InvalidOperationException("The operation transformer needs the document.");
        var responses = operation.Responses ??= [];

        if (metadata.OfType<DocumentedBody>().LastOrDefault() is { } documentedBody)
        {
            operation.RequestBody = Body(documentedBody);
        }

        foreach (var header in metadata.OfType<RequestHeaderMetadata>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name, In = ParameterLocation.Header, Description = header.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        // Query parameters bind by name whatever their case; the document spells them as the JSON bodies do.
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
        {
            parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
        }

        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
        {
            Add(responses, 401, "Not signed in, or the token has expired or was revoked.");
            if (authorize.Any(a => a.Policy is not null || a.Roles is not null))
            {
                Add(responses, 403, "Signed in, but the caller's role or personal access token scope does not allow this.");
            }

            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes.TryAdd(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An access token from /api/v1/auth/login or /refresh, or a personal access token (bjc_…).",
            });
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        }

        if (responses.TryGetValue(Key(400), out var typed) && typed is OpenApiResponse { Description: "Bad Request" } bare)
        {
            // A typed result (ValidationProblem, BadRequest) documents itself with the bare reason phrase; say what a 400 means here.
            bare.Description = BadRequestDescription;
        }

        var hasBody = operation.RequestBody is not null;
        var validated = hasBody || (operation.Parameters ?? []).Any(p => p.In == ParameterLocation.Query);
        if (validated)
        {
            // Validation errors carry errors: { field: [messages] }; other 400s of the same operation are the same shape without them.
            var badRequest = Add(responses, 400, BadRequestDescription);
            badRequest.Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = await ComponentAsync(typeof(HttpValidationProblemDetails), context, cancellationToken) },
            };
        }

        if (hasBody)
        {
            Add(responses, 413, "The body is larger than this operation takes.");
            if (operation.RequestBody!.Content?.ContainsKey("application/json") == true)
            {
                Add(responses, 415, "The body is not application/json.");
            }
        }

        var limited = Add(responses, 429, "Rate limited: too many requests from this caller, address or token. Wait Retry-After seconds.");
        AddHeader(limited, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
        Add(responses, "default", "Any other failure: 500 for an unexpected error, 503 when the request timed out or a dependency is down.");

        if (metadata.OfType<EventStreamMetadata>().LastOrDefault() is { } stream
            && responses.TryGetValue(Key(StatusCodes.Status200OK), out var ok) && ok is OpenApiResponse okResponse)
        {
            okResponse.Content ??= new Dictionary<string, OpenApiMediaType>();
            okResponse.Content["text/event-stream"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = stream.Description } };
            foreach (var type in stream.Events)
            {
                await ComponentAsync(type, context, cancellationToken);
            }
        }

        foreach (var header in metadata.OfType<ResponseHeaderMetadata>())
        {
            if (responses.TryGetValue(Key(header.StatusCode), out var response) && response is OpenApiResponse concrete)
            {
                AddHeader(concrete, header.Name, header.Description, JsonSchemaType.String);
            }
        }

        var problem = await ComponentAsync(typeof(ProblemDetails), context, cancellationToken);
        foreach (var (status, response) in responses)
        {
            if ((status == "default" || status[0] is '4' or '5') && response is OpenApiResponse concrete && (concrete.Content is null || concrete.Content.Count == 0))
            {
                concrete.Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = problem } };
            }
        }

        // Statuses in order, the catch-all last: the checked-in contract diffs cleanly.
        var ordered = responses.OrderBy(pair => pair.Key == "default" ? "999" : pair.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered)
        {
            responses[status] = response;
        }
    }

    private const string BadRequestDescription = "The input is malformed or invalid.";

    private static OpenApiResponse Add(OpenApiResponses responses, int statusCode, string description) => Add(responses, Key(statusCode), description);

    private static OpenApiResponse Add(OpenApiResponses responses, string status, string description)
    {
        if (responses.TryGetValue(status, out var existing) && existing is OpenApiResponse concrete)
        {
            return concrete;
        }

        var added = new OpenApiResponse { Description = description };
        responses[status] = added;
        return added;
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }

    private static OpenApiRequestBody Body(DocumentedBody body)
    {
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        var schema = body.FileField is null
            ? binary
            : new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { body.FileField },
                Properties = new Dictionary<string, IOpenApiSchema> { [body.FileField] = binary },
            };
        return new OpenApiRequestBody
        {
            Required = true,
            Description = body.Description,
            Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
        };
    }

    /// <summary>A reference to the component schema of <paramref name="type"/>, registering it the first time.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(type.Name, document);
    }

    private static string Key(int statusCode) => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
