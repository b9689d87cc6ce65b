namespace GrcCloud.Host.Features.Identity;

/// <summary>
/// Return addresses are local paths only: "/x", never "//host", "/\host" or "http://...". Only
/// printable ASCII is accepted: browsers drop tabs and line breaks ("/\t/evil" becomes "//evil"),
/// and a non-ASCII character ("/。evil.example") cannot go into a Location header.
/// </summary>
public static class ReturnUrls
{
    public static string Safe(string? url, string fallback) => IsLocal(url) ? url! : fallback;

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && url.All(c => c is > ' ' and < '\x7f');
}
