using System.Text;
using GrcCloud.Data.Towns;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Notifications;

/// <summary>Sends the current town's mail texts (tenants/…/mail.yaml, then edited by the town) under the town's name.</summary>
public sealed partial class TownMailer(TenantDbContext db, IMailSender sender, TimeProvider clock)
{
    /// <summary>
    /// Sends unless a mail with this key already left (a retried job), then records the key. A failure
    /// of the SMTP server throws, so the job is retried later; nothing is recorded for a mail not sent.
    /// </summary>
    public async Task SendOnceAsync(string deliveryKey, string templateKey, string toAddress, string? toName, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default)
    {
        if (await db.MailDeliveries.AnyAsync(d => d.Key == deliveryKey, cancellationToken))
            return;
        await SendAsync(templateKey, toAddress, toName, values, cancellationToken);
        db.MailDeliveries.Add(new MailDelivery { Key = deliveryKey, SentAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SendAsync(string templateKey, string toAddress, string? toName, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default)
    {
        var template = await db.MailTemplates.AsNoTracking().SingleOrDefaultAsync(m => m.Key == templateKey, cancellationToken)
            ?? throw new InvalidOperationException($"Texte de courriel « {templateKey} » absent pour cette commune.");
        var town = await db.Settings.AsNoTracking().Select(s => new { s.Name, s.MailSenderName }).SingleAsync(cancellationToken);
        var all = new Dictionary<string, string?>(values) { ["town"] = town.Name };
        all.TryAdd("name", toName);
        await sender.SendAsync(new OutgoingMail(toAddress, toName, town.MailSenderName, Fill(template.Subject, all), Fill(template.Body, all)), cancellationToken);
    }

    /// <summary>The placeholders of <paramref name="text"/> outside <paramref name="known"/> ("{nom}", "{date}"): what an editor refuses.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string text, IReadOnlyCollection<string> known) =>
        [.. Placeholder().Matches(text).Select(m => m.Value).Where(p => !known.Contains(p)).Distinct()];

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^{}\s]*\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    /// <summary>Replaces {placeholder}s; an unknown or missing one is left empty rather than shown raw.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string?> values)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{' && text.IndexOf('}', i) is var end and > 0 && end - i < 40 && text[(i + 1)..end].All(c => char.IsAsciiLetterLower(c) || c == '_'))
            {
                result.Append(values.GetValueOrDefault(text[(i + 1)..end]) ?? string.Empty);
                i = end;
            }
            else
            {
                result.Append(text[i]);
            }
        }
        return result.ToString();
    }
}
