using System.Text.Json;
using System.Text.Json.Serialization;

namespace BujjiCoder.Api.Http;

/// <summary>
/// Enums as camelCase strings, read strictly: one member's name (any case) or the request is refused. The framework's
/// <see cref="JsonStringEnumConverter"/> also takes numbers (<c>7</c>, no member at all) and comma lists
/// (<c>"Viewer, Editor"</c>, which is <c>Owner</c> once the values are OR-ed), so a role could be raised by spelling.
/// </summary>
internal sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    private readonly JsonStringEnumConverter _writer = new(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert), _writer.CreateConverter(typeToConvert, options))!;
}

internal sealed class StrictEnumConverter<TEnum>(JsonConverter writer) : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private readonly JsonConverter<TEnum> _writer = (JsonConverter<TEnum>)writer;

    private static readonly Dictionary<string, TEnum> ByName = Enum.GetValues<TEnum>()
        .SelectMany(value => new[] { (value.ToString(), value), (JsonNamingPolicy.CamelCase.ConvertName(value.ToString()), value) })
        .DistinctBy(pair => pair.Item1, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(pair => pair.Item1, pair => pair.Item2, StringComparer.OrdinalIgnoreCase);

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && ByName.TryGetValue(reader.GetString()!, out var value)
            ? value
            : throw new JsonException(); // the serializer adds the path; the message never reaches a caller outside Development

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => _writer.Write(writer, value, options);

    public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ByName.TryGetValue(reader.GetString()!, out var value) ? value : throw new JsonException();

    public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        _writer.WriteAsPropertyName(writer, value, options);
}

/// <summary>
/// The OpenAPI document describes enums as the strings the converter takes: the schema generator only knows the
/// framework's own converter, and shows any other as "anything".
/// </summary>
internal static class StrictEnumSchemas
{
    public static void Describe(Microsoft.AspNetCore.OpenApi.OpenApiOptions options) => options.AddSchemaTransformer((schema, context, _) =>
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            schema.Type = Microsoft.OpenApi.JsonSchemaType.String;
            schema.Enum = [.. Enum.GetNames(type).Select(name => (System.Text.Json.Nodes.JsonNode)JsonNamingPolicy.CamelCase.ConvertName(name))];
        }

        return Task.CompletedTask;
    });
}
