namespace GrcCloud.Host.Features.Identity;

/// <summary>Return addresses are local paths only: "/x", never "//host", "/\host" or "http://...".</summary>
public static class ReturnUrls
{
    public static string Safe(string? url, string fallback) => IsLocal(url) ? url! : fallback;

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\r', StringComparison.Ordinal) && !url.Contains('\n', StringComparison.Ordinal);
}
