namespace GrcCloud.Host.Features.Operator.Towns;

/// <summary>What _TownTable.cshtml draws.</summary>
public sealed record TownTableModel(string CaptionId, string Caption, IReadOnlyList<TownColumn> Columns, IReadOnlyList<TownRow> Rows);
