using System.Text;

namespace GrcCloud.Host.Features.Shared;

/// <summary>
/// The text/event-stream framing shared by the residents' and the agents' live pages. A line break
/// ends a field in that format: each line of the data goes in a "data:" field of its own (the browser
/// joins them again with line breaks), so a multi-line answer arrives whole, never cut at its first line.
/// </summary>
public static class ServerSentEvents
{
    /// <summary>Answers with an open stream: no caching, no proxy buffering.</summary>
    public static async Task StartAsync(HttpResponse response, string comment, CancellationToken cancellationToken)
    {
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync($": {comment}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public static Task WriteAsync(HttpResponse response, string name, string data, string? id = null, CancellationToken cancellationToken = default) =>
        response.WriteAsync(Format(name, data, id), cancellationToken);

    public static string Format(string name, string data, string? id = null)
    {
        var text = new StringBuilder();
        if (id is not null)
            text.Append("id: ").Append(OneLine(id)).Append('\n');
        text.Append("event: ").Append(OneLine(name)).Append('\n');
        foreach (var line in data.ReplaceLineEndings("\n").Split('\n'))
            text.Append("data: ").Append(line).Append('\n');
        return text.Append('\n').ToString();
    }

    private static string OneLine(string value) => value.ReplaceLineEndings(" ");
}
