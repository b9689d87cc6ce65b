namespace GrcCloud.Host.Features.BackOffice.Workflow;

/// <summary>
/// One input of a workflow form, drawn by _WorkflowField.cshtml with its label, help and error
/// (linked for screen readers). Kind: textarea, select, radios, datetime-local or file.
/// </summary>
public sealed record WorkflowField(
    string Name, string Label, string Kind = "textarea", bool Required = true, string? Value = null,
    IReadOnlyList<KeyValuePair<string, string>>? Options = null, string? Help = null)
{
    public static IReadOnlyList<KeyValuePair<string, string>> Choices(IEnumerable<(string Value, string Text)> options) =>
        [.. options.Select(o => new KeyValuePair<string, string>(o.Value, o.Text))];
}
