using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GrcCloud.StripeSimulator.Simulator;
using GrcCloud.StripeSimulator.Wire;

namespace GrcCloud.StripeSimulator.Api;

/// <summary>What hosted_invoice_url and invoice_pdf point at: a plain page and a one-page PDF.</summary>
public static class InvoiceDocuments
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/invoices/{id}", (string id, StripeStore store) =>
        {
            var lines = Lines(store, id);
            if (lines is null)
                return Results.NotFound();
            var body = string.Join("", lines.Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>"));
            return Results.Content($"<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Facture</title></head><body>{body}</body></html>", "text/html; charset=utf-8");
        });
        app.MapGet("/invoices/{id}/pdf", (string id, StripeStore store) =>
            Lines(store, id) is { } lines ? Results.File(Pdf(lines), "application/pdf", $"{id}.pdf") : Results.NotFound());
    }

    private static List<string>? Lines(StripeStore store, string id)
    {
        lock (store.Gate)
        {
            var invoice = store.All("invoice").FirstOrDefault(i => i["id"]!.GetValue<string>() == id);
            if (invoice is null || invoice["status"]!.GetValue<string>() == "draft")
                return null;
            var text = new List<string>
            {
                $"Facture {invoice["number"]} ({invoice["status"]})",
                $"Client : {invoice["customer_name"]}",
            };
            text.AddRange((invoice["custom_fields"] as JsonArray ?? []).Select(f => $"{f!["name"]} : {f["value"]}"));
            text.AddRange(invoice["lines"]!["data"]!.AsArray().Select(l => $"{l!["description"]} : {Money(l["amount"]!)} HT"));
            text.Add($"Total HT : {Money(invoice["subtotal"]!)}");
            text.Add($"Total TTC : {Money(invoice["total"]!)}");
            text.Add($"Echeance : {DateTimeOffset.FromUnixTimeSeconds(invoice["due_date"]?.AsLong() ?? 0):yyyy-MM-dd}");
            return text;
        }
    }

    private static string Money(JsonNode cents) => (cents.AsLong() / 100m).ToString("0.00", CultureInfo.InvariantCulture) + " EUR";

    /// <summary>A minimal valid PDF (Helvetica, ASCII text): enough for a link that must open.</summary>
    public static byte[] Pdf(IReadOnlyList<string> lines)
    {
        // Helvetica without an encoding table: ASCII only, accents become '?'.
        static string Escape(string s) => new string(s.Select(c => c < 128 ? c : '?').ToArray())
            .Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
        var content = new StringBuilder("BT /F1 11 Tf 50 800 Td 14 TL\n");
        foreach (var line in lines)
            content.Append(CultureInfo.InvariantCulture, $"({Escape(line)}) Tj T*\n");
        content.Append("ET");
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
