namespace GrcCloud.Host.Features.Requests;

/// <summary>
/// What a follower of another resident's report reads of a public event (on the page, in the live
/// stream, in mails): a fixed wording per kind of event, never the event's own text. That text was
/// written for the reporter (reply templates fill in their name, agents quote their words), so it is
/// never shown to a follower; a kind missing here is not shown to followers at all.
/// </summary>
public static class FollowerTexts
{
    private static readonly Dictionary<string, string> ByKind = new(StringComparer.Ordinal)
    {
        ["received"] = "Signalement reçu par la mairie.",
        ["status"] = "Le service a fait avancer le traitement de ce signalement.",
        ["transferred"] = "Le signalement a été transmis à un autre service.",
        ["information_requested"] = "Le service a demandé une précision à l'auteur du signalement.",
        ["resolved"] = "Le signalement a été traité par le service.",
        ["rejected"] = "Le signalement n'a pas été retenu par le service.",
        ["closed"] = "Le signalement est clôturé.",
        ["reopened"] = "Le signalement a été rouvert : le service le traite de nouveau.",
    };

    /// <summary>The follower's wording of a public event, or null when followers are not told of it.</summary>
    public static string? For(string kind) => ByKind.GetValueOrDefault(kind);

    /// <summary>The kinds a follower sees (an array: a query parameter).</summary>
    public static readonly string[] Kinds = [.. ByKind.Keys];
}
