namespace GrcCloud.Host.Features.Notifications;

/// <summary>How mail leaves the platform (section GrcCloud:Mail).</summary>
public sealed class MailOptions
{
    public const string Section = "GrcCloud:Mail";

    /// <summary>SMTP server; when empty, mails are written as .eml files to <see cref="PickupFolder"/> (local run).</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 25;
    public bool UseStartTls { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>The sending address; each town sends under its own display name ("Mairie de Lavaur").</summary>
    public string FromAddress { get; set; } = "ne-pas-repondre@grccloud.localhost";
    public string? PickupFolder { get; set; }
}
