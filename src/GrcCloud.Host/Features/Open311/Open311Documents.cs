using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using GrcCloud.Host.Features.Shared;

namespace GrcCloud.Host.Features.Open311;

/// <summary>An element with ordered children: a JSON object, an XML element with child elements.</summary>
public sealed class Open311Object : List<KeyValuePair<string, object?>>
{
    public void Add(string name, object? value) => Add(new KeyValuePair<string, object?>(name, value));
}

/// <summary>A list: a JSON array, an XML element repeating <see cref="ItemName"/>.</summary>
public sealed record Open311List(string ItemName, IReadOnlyList<object?> Items);

/// <summary>
/// One response written as the spec shows it in XML (the required format) or in JSON. Every field the
/// spec lists is written, empty (XML) or null (JSON) when unknown, so a client finds the same shape each time.
/// </summary>
public sealed record Open311Document(string RootName, object Root)
{
    public static readonly string[] Formats = ["xml", "json"];

    public static bool IsFormat(string? format) => format is "xml" or "json";

    public IResult ToResult(string format, int status = StatusCodes.Status200OK) =>
        format == "json"
            ? Results.Text(Json(), "application/json; charset=utf-8", Encoding.UTF8, status)
            : Results.Text(Xml(), "text/xml; charset=utf-8", Encoding.UTF8, status);

    public string Xml()
    {
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), Element(RootName, Root));
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(builder), new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            document.Save(writer);
        return builder.ToString();
    }

    public string Json()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteJson(writer, Root);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static XElement Element(string name, object? value) => value switch
    {
        Open311Object o => new XElement(name, o.Select(child => Element(child.Key, child.Value))),
        Open311List list => new XElement(name, list.Items.Select(item => Element(list.ItemName, item))),
        null => new XElement(name),
        _ => new XElement(name, Scalar(value)),
    };

    private static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case Open311Object o:
                writer.WriteStartObject();
                foreach (var (name, child) in o)
                {
                    writer.WritePropertyName(name);
                    WriteJson(writer, child);
                }
                writer.WriteEndObject();
                break;
            case Open311List list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                    WriteJson(writer, item);
                writer.WriteEndArray();
                break;
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            default: writer.WriteStringValue(Scalar(value)); break;
        }
    }

    /// <summary>Text of a value: booleans as true/false, numbers in invariant culture, instants in ISO 8601 with the Paris offset.</summary>
    private static string Scalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset instant => Iso(instant),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>"2026-12-01T11:30:00+01:00": the town's local time with its offset.</summary>
    public static string Iso(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, ParisTime.Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The spec's error list: <c>&lt;errors&gt;&lt;error&gt;&lt;code/&gt;&lt;description/&gt;</c>, the HTTP status as the code.</summary>
    public static IResult Error(string format, int status, string description) =>
        new Open311Document("errors", new Open311List("error", [new Open311Object { { "code", status }, { "description", description } }]))
            .ToResult(IsFormat(format) ? format : "xml", status);

    /// <summary>A StringWriter that declares UTF-8 (the default StringWriter declares UTF-16).</summary>
    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
