using System.ComponentModel.DataAnnotations;

namespace BujjiCoder.Api.Http;

/// <summary><c>?page=1&amp;pageSize=50</c>, at most 200 a page, as every list of the Api takes it.</summary>
/// <remarks>Attributes target the properties: on constructor parameters they break OpenAPI generation.</remarks>
public sealed record PageRequest(
    [property: Range(1, 1_000_000)] int Page = 1,
    [property: Range(1, 200)] int PageSize = 50)
{
    public int Skip => (Page - 1) * PageSize;
}

internal sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
