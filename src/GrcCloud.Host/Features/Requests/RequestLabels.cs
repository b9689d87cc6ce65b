using GrcCloud.Data.Towns;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Requests;

/// <summary>How statuses and channels read in French.</summary>
public static class RequestLabels
{
    public static string Status(RequestStatus status) => status switch
    {
        RequestStatus.Received => "Reçue",
        RequestStatus.Acknowledged => "Prise en compte",
        RequestStatus.InProgress => "En cours de traitement",
        RequestStatus.AwaitingValidation => "En attente de validation par un élu",
        RequestStatus.UnderInvestigation => "En cours d'instruction",
        RequestStatus.AwaitingResident => "En attente de votre réponse",
        RequestStatus.Resolved => "Traitée",
        RequestStatus.Rejected => "Refusée",
        _ => "Clôturée",
    };

    public static string Channel(RequestChannel channel) => channel switch
    {
        RequestChannel.Online => "en ligne",
        RequestChannel.Counter => "à l'accueil",
        RequestChannel.Phone => "par téléphone",
        RequestChannel.Letter => "par courrier",
        RequestChannel.Application => "par une application",
        _ => "par courriel",
    };

    public static string Date(DateTimeOffset at) =>
        Shared.ParisTime.Local(at).ToString("d MMMM yyyy 'à' HH'h'mm", French);

    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", French);

    /// <summary>What a rating of 1 to 5 means, in the words the resident chose it with.</summary>
    public static string Satisfaction(int score) => score switch
    {
        5 => "très satisfait",
        4 => "satisfait",
        3 => "moyennement satisfait",
        2 => "peu satisfait",
        _ => "pas du tout satisfait",
    };

    public static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
}

/// <summary>
/// What the acknowledgement of receipt says of a request (partial _AcknowledgementFacts). The appeal
/// routes are null for a report: no decision follows it, so there is nothing to contest.
/// </summary>
public sealed record AcknowledgementFacts(ServiceRequest Request, TownService Service, SilenceMeaning Silence, string? AppealText, string NextSteps)
{
    /// <summary>The theme's silence rule, and the town's appeal routes unless the theme is a report.</summary>
    public static async Task<(SilenceMeaning Silence, string? Appeal)> ThemeRulesAsync(TenantDbContext db, Guid themeId, string townAppeal, CancellationToken cancellationToken)
    {
        var theme = await db.Themes.Where(t => t.Id == themeId).Select(t => new { t.Silence, t.IsReport }).SingleAsync(cancellationToken);
        return (theme.Silence, theme.IsReport ? null : townAppeal);
    }
}
