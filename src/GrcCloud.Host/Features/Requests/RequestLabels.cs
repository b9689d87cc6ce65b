using GrcCloud.Data.Towns;

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
        _ => "par courriel",
    };

    public static string Date(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Paris).ToString("d MMMM yyyy 'à' HH'h'mm", French);

    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", French);

    public static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
}

/// <summary>What the acknowledgement of receipt says of a request (partial _AcknowledgementFacts).</summary>
public sealed record AcknowledgementFacts(ServiceRequest Request, TownService Service, SilenceMeaning Silence, string AppealText, string NextSteps);
