using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace GrcCloud.Host.Features.Notifications;

public sealed record OutgoingMail(string ToAddress, string? ToName, string FromName, string Subject, string TextBody);

public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}

/// <summary>
/// Sends mail over SMTP with MailKit. Without an SMTP server configured (the local run), each mail
/// is written to the pickup folder as an .eml file a mail client opens, and its path is logged.
/// </summary>
public sealed class MailSender(MailOptions options, TimeProvider clock, ILogger<MailSender> logger) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(mail.FromName, options.FromAddress));
        message.To.Add(new MailboxAddress(mail.ToName ?? string.Empty, mail.ToAddress));
        message.Subject = mail.Subject;
        message.Body = new TextPart("plain") { Text = mail.TextBody };

        if (string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            var folder = options.PickupFolder ?? Path.Combine(Path.GetTempPath(), "grccloud-mail");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}.eml");
            await message.WriteToAsync(path, cancellationToken);
            logger.LogInformation("Courriel « {Subject} » pour {To} écrit dans {Path}", mail.Subject, mail.ToAddress, path);
            return;
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(options.SmtpHost, options.SmtpPort, options.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(options.Username))
            await client.AuthenticateAsync(options.Username, options.Password ?? string.Empty, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
