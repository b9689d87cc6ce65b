using GrcCloud.Data.Towns;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>How the catalogue's settings read in French in the administration pages.</summary>
public static class AdminLabels
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Identifications =
    [
        new(nameof(IdentificationRequirement.None), "Aucune (formulaire ouvert à tous)"),
        new(nameof(IdentificationRequirement.Account), "Un compte sur le portail"),
        new(nameof(IdentificationRequirement.FranceConnect), "FranceConnect (état civil)"),
    ];

    public static readonly IReadOnlyList<KeyValuePair<string, string>> Silences =
    [
        new(nameof(SilenceMeaning.None), "Sans objet"),
        new(nameof(SilenceMeaning.Acceptance), "Le silence vaut acceptation"),
        new(nameof(SilenceMeaning.Refusal), "Le silence vaut refus"),
    ];

    /// <summary>Every type of <see cref="FieldTypes.All"/>, in the order the editor offers them.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> FieldTypeNames =
    [
        new("text", "Texte court"),
        new("textarea", "Texte long"),
        new("number", "Nombre"),
        new("date", "Date"),
        new("choice", "Choix unique"),
        new("multichoice", "Choix multiple"),
        new("yesno", "Oui / non"),
        new("email", "Adresse électronique"),
        new("phone", "Téléphone"),
        new("address", "Adresse postale"),
        new("location", "Point sur une carte"),
        new("attachments", "Pièces jointes (photos, PDF)"),
    ];

    public static readonly IReadOnlyList<KeyValuePair<string, string>> Prefills =
    [
        new("", "Aucun"),
        new("given_name", "Prénom"),
        new("family_name", "Nom"),
        new("birthdate", "Date de naissance"),
        new("birthplace", "Lieu de naissance"),
        new("email", "Adresse électronique"),
        new("phone", "Téléphone"),
    ];

    public static string FieldType(string type) => FieldTypeNames.FirstOrDefault(t => t.Key == type).Value ?? type;

    public static string Of(IReadOnlyList<KeyValuePair<string, string>> list, string key) =>
        list.FirstOrDefault(p => p.Key == key).Value ?? key;
}
