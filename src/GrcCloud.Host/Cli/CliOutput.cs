using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GrcCloud.Host.Cli;

/// <summary>
/// What a command prints: French sentences for a person, or with <c>--json</c> one JSON document on
/// standard output for a vendor's scripts (errors stay one line on standard error, exit code non-zero).
/// </summary>
internal static class CliOutput
{
    /// <summary>Accepted by every command (recursive).</summary>
    public static readonly Option<bool> Json = new("--json") { Description = "Sortie JSON (pour les scripts)", Recursive = true };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Prints <paramref name="data"/> as JSON with <c>--json</c>, else the text lines.</summary>
    public static void Write(ParseResult parse, object data, Action writeText)
    {
        if (parse.GetValue(Json))
            Console.WriteLine(JsonSerializer.Serialize(data, JsonOptions));
        else
            writeText();
    }
}
