namespace GrcCloud.Host.Features.BackOffice.Admin;

/// <summary>One input of an administration form, drawn by _AdminField.cshtml: text-like inputs, textarea, select or checkbox.</summary>
public sealed record AdminField(
    string Name, string Label, string Kind = "text", string? Value = null, bool Required = false, string? Help = null,
    IReadOnlyList<KeyValuePair<string, string>>? Options = null, int? MaxLength = null)
{
    public bool Checked => Value == "true";
}
