using System.Globalization;
using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>What the form editor posts for one field, as typed.</summary>
public sealed class FieldInput
{
    /// <summary>The name of the field being edited; empty when adding one.</summary>
    public string? Original { get; set; }
    public string? Name { get; set; }
    public string? Label { get; set; }
    public string? Type { get; set; }
    public bool Required { get; set; }
    public string? Help { get; set; }
    public string? MaxLength { get; set; }
    public string? Min { get; set; }
    public string? Max { get; set; }
    /// <summary>One option a line.</summary>
    public string? Options { get; set; }
    public string? Prefill { get; set; }
    public string? MaxFiles { get; set; }

    public static FieldInput From(FormField field) => new()
    {
        Original = field.Name, Name = field.Name, Label = field.Label, Type = field.Type, Required = field.Required, Help = field.Help,
        MaxLength = field.MaxLength?.ToString(CultureInfo.InvariantCulture),
        Min = field.Min?.ToString(CultureInfo.InvariantCulture), Max = field.Max?.ToString(CultureInfo.InvariantCulture),
        Options = field.Options is null ? null : string.Join('\n', field.Options),
        Prefill = field.Prefill, MaxFiles = field.MaxFiles?.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The checks of the form editor, the same the recipes obey (RecipeLoader): a name the form's
/// validator can post, unique in the form; options for choices; one attachments field at most (the
/// portal's form has one file input); limits only where the type uses them.
/// </summary>
public static partial class FieldRules
{
    public const string Prefix = "Field.";

    /// <summary>The field to store, or null with the errors added to <paramref name="state"/>.</summary>
    public static FormField? Check(FieldInput posted, IReadOnlyList<FormField> others, ModelStateDictionary state)
    {
        var input = new AdminInput(state);
        void error(string key, string message) => state.AddModelError(key, message);
        var name = input.Text(Prefix + "Name", posted.Name, "le nom technique du champ", 40);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            error(Prefix + "Name", "Le nom technique commence par une minuscule et ne contient que des minuscules sans accent, des chiffres et des soulignés (_).");
            name = null;
        }
        else if (name is not null && others.Any(f => f.Name == name))
        {
            error(Prefix + "Name", $"Un autre champ de ce formulaire s'appelle déjà « {name} ».");
            name = null;
        }
        var label = input.Text(Prefix + "Label", posted.Label, "le libellé du champ", 200);
        var help = input.Text(Prefix + "Help", posted.Help, "l'aide", 500, required: false);
        var type = input.Choice(Prefix + "Type", posted.Type, FieldTypes.All, "Choisissez un type de champ dans la liste.");
        if (type == "attachments" && others.Any(f => f.Type == "attachments"))
            error(Prefix + "Type", "Un formulaire n'a qu'un seul champ de pièces jointes.");
        if (type == "location" && others.Any(f => f.Type == "location"))
            error(Prefix + "Type", "Un formulaire n'a qu'un seul point sur une carte.");

        var options = (posted.Options ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var isChoice = type is "choice" or "multichoice";
        if (isChoice && options.Count < 2)
            error(Prefix + "Options", "Un choix demande au moins deux options, une par ligne.");
        else if (isChoice && options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
            error(Prefix + "Options", "Chaque option ne figure qu'une fois.");
        else if (isChoice && options.Any(o => o.Length > 200))
            error(Prefix + "Options", "Une option compte 200 caractères au plus.");

        var maxLength = type is "text" or "textarea" ? input.Number(Prefix + "MaxLength", posted.MaxLength, "la longueur maximale", 1, 10000, required: false) : null;
        var min = type == "number" ? input.Decimal(Prefix + "Min", posted.Min, "le minimum") : null;
        var max = type == "number" ? input.Decimal(Prefix + "Max", posted.Max, "le maximum") : null;
        if (min > max)
            error(Prefix + "Max", "Le maximum doit être supérieur ou égal au minimum.");
        var maxFiles = type == "attachments" ? input.Number(Prefix + "MaxFiles", posted.MaxFiles, "le nombre de fichiers", 1, 10, required: false) : null;
        var prefill = string.IsNullOrEmpty(posted.Prefill) ? null
            : input.Choice(Prefix + "Prefill", posted.Prefill, FieldTypes.Prefills, "Choisissez un pré-remplissage dans la liste.");

        if (!state.IsValid || name is null || label is null || type is null)
            return null;
        return new FormField
        {
            Name = name, Label = label, Type = type, Required = posted.Required, Help = help,
            MaxLength = maxLength, Min = min, Max = max, Options = isChoice ? options : null, Prefill = prefill, MaxFiles = maxFiles,
        };
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
