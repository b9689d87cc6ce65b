using System.Globalization;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests.Forms;
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
/// The form editor's reading of a posted field: numbers parsed (a French message for a wrong one),
/// limits kept only where the type uses them, then the one rule set the recipes obey too
/// (<see cref="FormDefinitionRules"/>), each problem next to its input.
/// </summary>
public static class FieldRules
{
    public const string Prefix = "Field.";

    private static readonly Dictionary<string, string> Inputs = new(StringComparer.Ordinal)
    {
        [FormDefinitionRules.Properties.Name] = nameof(FieldInput.Name),
        [FormDefinitionRules.Properties.Label] = nameof(FieldInput.Label),
        [FormDefinitionRules.Properties.Help] = nameof(FieldInput.Help),
        [FormDefinitionRules.Properties.Type] = nameof(FieldInput.Type),
        [FormDefinitionRules.Properties.Options] = nameof(FieldInput.Options),
        [FormDefinitionRules.Properties.MaxLength] = nameof(FieldInput.MaxLength),
        [FormDefinitionRules.Properties.Min] = nameof(FieldInput.Min),
        [FormDefinitionRules.Properties.Max] = nameof(FieldInput.Max),
        [FormDefinitionRules.Properties.MaxFiles] = nameof(FieldInput.MaxFiles),
        [FormDefinitionRules.Properties.Prefill] = nameof(FieldInput.Prefill),
    };

    /// <summary>The field to store, or null with the errors added to <paramref name="state"/>.</summary>
    public static FormField? Check(FieldInput posted, IReadOnlyList<FormField> others, ModelStateDictionary state)
    {
        var input = new AdminInput(state);
        var type = posted.Type;
        var isChoice = type is "choice" or "multichoice";
        var options = (posted.Options ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var maxLength = type is "text" or "textarea" ? input.Number(Prefix + "MaxLength", posted.MaxLength, "la longueur maximale", 1, 10000, required: false) : null;
        var min = type == "number" ? input.Decimal(Prefix + "Min", posted.Min, "le minimum") : null;
        var max = type == "number" ? input.Decimal(Prefix + "Max", posted.Max, "le maximum") : null;
        var maxFiles = type == "attachments" ? input.Number(Prefix + "MaxFiles", posted.MaxFiles, "le nombre de fichiers", 1, 10, required: false) : null;
        var field = new FieldDefinition(Clean(posted.Name), Clean(posted.Label), type, Clean(posted.Help), maxLength, min, max,
            isChoice ? options : null, string.IsNullOrEmpty(posted.Prefill) ? null : posted.Prefill, maxFiles);

        foreach (var problem in FormDefinitionRules.Check(field, others.Select(FormDefinitionRules.Of)))
            state.AddModelError(Prefix + Inputs.GetValueOrDefault(problem.Property, ""), problem.Message);
        if (!state.IsValid)
            return null;
        return new FormField
        {
            Name = field.Name!, Label = field.Label!, Type = type!, Required = posted.Required, Help = field.Help,
            MaxLength = maxLength, Min = min, Max = max, Options = isChoice ? options : null, Prefill = field.Prefill, MaxFiles = maxFiles,
        };
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
