namespace GrcCloud.Host.Features.Shared;

/// <summary>What _Field.cshtml needs to draw one input of an account form.</summary>
public sealed record FieldModel(
    string Name, string Label, string Type = "text", bool Required = true, string? Help = null,
    string? Autocomplete = null, string? Value = null, int? MaxLength = null);
