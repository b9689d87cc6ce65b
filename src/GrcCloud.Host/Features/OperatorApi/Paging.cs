using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>One page of a list: its items, where it is, and the next page's address (also in the <c>Link</c> header).</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, string? Next);

/// <summary>Pagination (<c>?page=1&amp;pageSize=50</c>) and ETags shared by the operators' API.</summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Errors by field for page and pageSize; empty when they are fine.</summary>
    public static Dictionary<string, string[]> Validate(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > 1_000_000)
            errors["page"] = ["Le numéro de page commence à 1."];
        if (pageSize is < 1 or > MaxPageSize)
            errors["pageSize"] = [$"La taille de page est comprise entre 1 et {MaxPageSize}."];
        return errors;
    }

    /// <summary>Reads the page of an ordered query, and sets <c>Link: &lt;…&gt;; rel="next"</c> when more follow.</summary>
    public static async Task<PagedList<TOut>> PageAsync<TIn, TOut>(IQueryable<TIn> ordered, int? page, int? pageSize, HttpContext http, Func<TIn, TOut> map)
    {
        var number = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        var total = await ordered.CountAsync(http.RequestAborted);
        var rows = await ordered.Skip((number - 1) * size).Take(size).ToListAsync(http.RequestAborted);
        string? next = null;
        if ((long)number * size < total)
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(http.Request.QueryString.Value)
                .Where(q => q.Key is not ("page" or "pageSize"))
                .ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            query["page"] = (number + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            query["pageSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            next = http.Request.PathBase + http.Request.Path + QueryString.Create(query);
            http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        }
        return new PagedList<TOut>([.. rows.Select(map)], number, size, total, next);
    }

    /// <summary>
    /// A representation with its strong ETag (a hash of its JSON); 304 when the client already has it.
    /// </summary>
    public static IResult WithETag<T>(HttpContext http, T body)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(json))[..32]}\"";
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v == "*" || v.Split(',').Any(tag => tag.Trim() == etag))))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Json(body);
    }
}
