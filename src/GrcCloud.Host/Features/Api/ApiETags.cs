using System.Security.Cryptography;
using System.Text.Json;

namespace GrcCloud.Host.Features.Api;

/// <summary>Strong ETags (a hash of the JSON sent): 304 on a matching If-None-Match, 412 on a stale If-Match.</summary>
public static class ApiETags
{
    public static string Of<T>(T body) =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web)))[..32]}\"";

    /// <summary>The representation with its ETag, or 304 when the client already has it.</summary>
    public static IResult Send<T>(HttpContext http, T body, int status = StatusCodes.Status200OK)
    {
        var etag = Of(body);
        http.Response.Headers.ETag = etag;
        if (status == StatusCodes.Status200OK && Matches(http.Request.Headers.IfNoneMatch, etag))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Json(body, statusCode: status);
    }

    /// <summary>Null when the write may go on: no If-Match, or one that names the current representation.</summary>
    public static IResult? Precondition<T>(HttpContext http, T current)
    {
        var ifMatch = http.Request.Headers.IfMatch;
        if (ifMatch.Count == 0 || Matches(ifMatch, Of(current)))
            return null;
        return TypedResults.Problem("La demande a changé depuis votre lecture (If-Match ne correspond plus) : relisez-la, puis recommencez.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "Version périmée");
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues header, string etag) =>
        header.Any(v => v is not null && (v == "*" || v.Split(',').Any(tag => tag.Trim() == etag)));
}
