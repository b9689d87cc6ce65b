using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;

namespace GrcCloud.Host.Features.Requests.Forms;

/// <summary>One field of a theme's form as its author gave it (a recipe's YAML, the catalogue editor's form).</summary>
public sealed record FieldDefinition(
    string? Name, string? Label, string? Type, string? Help = null, int? MaxLength = null, decimal? Min = null, decimal? Max = null,
    IReadOnlyList<string>? Options = null, string? Prefill = null, int? MaxFiles = null);

/// <summary>A broken rule: which property of the field (<see cref="FormDefinitionRules.Properties"/>), and why, in French.</summary>
public sealed record FieldProblem(string Property, string Message);

/// <summary>
/// The rules a theme's form obeys, one set for the recipes (provisioning) and the catalogue's form
/// editor: a name the portal's form can post, unique in the form; a label; a known type; at most one
/// attachments field and one map point (the portal's form has one of each); two distinct options at
/// least for a choice; limits in range, a minimum not above the maximum; a known pre-fill.
/// </summary>
public static partial class FormDefinitionRules
{
    /// <summary>The property names problems are reported under (the recipe's YAML keys).</summary>
    public static class Properties
    {
        public const string Name = "name";
        public const string Label = "label";
        public const string Help = "help";
        public const string Type = "type";
        public const string Options = "options";
        public const string MaxLength = "max_length";
        public const string Min = "min";
        public const string Max = "max";
        public const string MaxFiles = "max_files";
        public const string Prefill = "prefill";
    }

    public const int MaxNameLength = 40;
    public const int MaxLabelLength = 200;
    public const int MaxHelpLength = 500;
    public const int MaxOptionLength = 200;

    /// <summary>The problems of <paramref name="field"/> next to the form's <paramref name="others"/> (every other field).</summary>
    public static IReadOnlyList<FieldProblem> Check(FieldDefinition field, IEnumerable<FieldDefinition> others)
    {
        var problems = new List<FieldProblem>();
        void add(string property, string message) => problems.Add(new FieldProblem(property, message));
        var rest = others.ToList();

        var name = field.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            add(Properties.Name, "Indiquez le nom technique du champ.");
        else if (name.Length > MaxNameLength)
            add(Properties.Name, $"Le nom technique du champ compte {MaxNameLength} caractères au plus.");
        else if (!NamePattern().IsMatch(name))
            add(Properties.Name, "Le nom technique commence par une minuscule et ne contient que des minuscules sans accent, des chiffres et des soulignés (_).");
        else if (rest.Any(f => string.Equals(f.Name?.Trim(), name, StringComparison.Ordinal)))
            add(Properties.Name, $"Un autre champ de ce formulaire s'appelle déjà « {name} ».");

        if (string.IsNullOrWhiteSpace(field.Label))
            add(Properties.Label, "Indiquez le libellé du champ.");
        else if (field.Label.Trim().Length > MaxLabelLength)
            add(Properties.Label, $"Le libellé du champ compte {MaxLabelLength} caractères au plus.");
        if (field.Help is { } help && help.Trim().Length > MaxHelpLength)
            add(Properties.Help, $"L'aide compte {MaxHelpLength} caractères au plus.");

        var type = field.Type;
        if (type is null || !FieldTypes.All.Contains(type))
            add(Properties.Type, "Choisissez un type de champ dans la liste.");
        else if (type == "attachments" && rest.Any(f => f.Type == "attachments"))
            add(Properties.Type, "Un formulaire n'a qu'un seul champ de pièces jointes.");
        else if (type == "location" && rest.Any(f => f.Type == "location"))
            add(Properties.Type, "Un formulaire n'a qu'un seul point sur une carte.");

        if (type is "choice" or "multichoice")
        {
            var options = (field.Options ?? []).Select(o => o?.Trim() ?? "").ToList();
            if (options.Count(o => o.Length > 0) < 2 || options.Any(o => o.Length == 0))
                add(Properties.Options, "Un choix demande au moins deux options, une par ligne.");
            else if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
                add(Properties.Options, "Chaque option ne figure qu'une fois.");
            else if (options.Any(o => o.Length > MaxOptionLength))
                add(Properties.Options, $"Une option compte {MaxOptionLength} caractères au plus.");
        }

        if (field.MaxLength is < 1 or > 10000)
            add(Properties.MaxLength, "La longueur maximale doit être un nombre entier de 1 à 10000.");
        if (field.Min > field.Max)
            add(Properties.Max, "Le maximum doit être supérieur ou égal au minimum.");
        if (field.MaxFiles is < 1 or > 10)
            add(Properties.MaxFiles, "Le nombre de fichiers doit être un nombre entier de 1 à 10.");
        if (field.Prefill is not null && !FieldTypes.Prefills.Contains(field.Prefill))
            add(Properties.Prefill, "Choisissez un pré-remplissage dans la liste.");
        return problems;
    }

    /// <summary>Every field of a form, each against the others, by position; an empty form is a problem of the form itself (index -1).</summary>
    public static IReadOnlyList<(int Index, FieldProblem Problem)> CheckForm(IReadOnlyList<FieldDefinition> fields)
    {
        if (fields.Count == 0)
            return [(-1, new FieldProblem("fields", "Le formulaire doit avoir au moins un champ."))];
        // Each field is checked against the ones before it: a duplicate is reported once, on the second.
        return [.. fields.SelectMany((field, i) => Check(field, fields.Take(i)).Select(p => (i, p)))];
    }

    public static FieldDefinition Of(FormField field) => new(
        field.Name, field.Label, field.Type, field.Help, field.MaxLength, field.Min, field.Max, field.Options, field.Prefill, field.MaxFiles);

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
