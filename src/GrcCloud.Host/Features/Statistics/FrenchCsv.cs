using System.Text;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>
/// CSV as a French spreadsheet opens it with a double click: UTF-8 with a byte order mark (accents),
/// ";" between cells (the comma is the decimal mark), CRLF line ends, cells quoted when needed. A
/// cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe so the
/// spreadsheet never runs it as a formula (CSV injection); numbers written by the platform are not text.
/// </summary>
public sealed class FrenchCsv(Stream output) : IAsyncDisposable
{
    public const string ContentType = "text/csv; charset=utf-8";
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };

    /// <summary>A row of text cells (guarded against formulas).</summary>
    public Task RowAsync(params string?[] cells) => WriteAsync(cells.Select(Text));

    /// <summary>A row whose cells are already safe: numbers and dates the platform formatted.</summary>
    public Task RowAsync(IEnumerable<(string? Value, bool IsNumber)> cells) => WriteAsync(cells.Select(c => c.IsNumber ? c.Value ?? "" : Text(c.Value)));

    private async Task WriteAsync(IEnumerable<string> cells)
    {
        await _writer.WriteAsync(string.Join(';', cells));
        await _writer.WriteAsync(_writer.NewLine);
    }

    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static (string?, bool) Number(string value) => (value, true);

    public static (string?, bool) Cell(string? value) => (value, false);

    public Task FlushAsync() => _writer.FlushAsync();

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }
}
