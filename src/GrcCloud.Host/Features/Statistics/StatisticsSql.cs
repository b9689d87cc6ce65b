using System.Data.Common;
using GrcCloud.Data.Towns;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GrcCloud.Host.Features.Statistics;

/// <summary>Which requests the figures count: every service, or some (a head of service's own).</summary>
public sealed record ServiceScope(bool All, IReadOnlyList<Guid> Services)
{
    public static readonly ServiceScope Town = new(true, []);

    /// <summary>The SQL condition on the requests' service, with its two parameters.</summary>
    public const string Sql = "(@all OR service_id = ANY(@services))";

    public void AddTo(NpgsqlCommand command)
    {
        command.Parameters.AddWithValue("all", All);
        command.Parameters.AddWithValue("services", Services.ToArray());
    }
}

/// <summary>
/// Hand-written SQL run in the town's schema on the DbContext's own connection (so the search_path
/// interceptor applies): aggregates computed by PostgreSQL (count, percentile_cont, date_trunc in Paris
/// time), never request rows brought into memory. Readers use ordinals: nothing depends on name mapping.
/// </summary>
public static class StatisticsSql
{
    /// <summary>Elapsed days between reception and done-at (RequestStates' delay), as a double.</summary>
    public const string DelayDays = "(extract(epoch FROM (closed_at - received_at)) / 86400.0)::float8";

    public const string Done = $"status IN ({RequestStates.DoneSqlList})";
    public const string Open = $"status NOT IN ({RequestStates.DoneSqlList})";

    /// <summary>The backlog's age bucket of a row with an <c>age</c> in days (TownStatistics.Ages).</summary>
    public const string AgeBucket = "CASE WHEN age < 7 THEN 0 WHEN age < 30 THEN 1 WHEN age < 90 THEN 2 ELSE 3 END";

    /// <summary>
    /// The requests open at an instant (a parameter's name): received before it and not done by then
    /// (still open, or done at or after it), with their service, due day and age in days. Two halves so
    /// each reads a small index: the open ones, and those done since.
    /// </summary>
    public static string OpenAt(string at) => $"""
        SELECT service_id, due_on, extract(epoch FROM ({at} - received_at)) / 86400.0 AS age
        FROM requests WHERE {Open} AND received_at < {at}
        UNION ALL
        SELECT service_id, due_on, extract(epoch FROM ({at} - received_at)) / 86400.0 AS age
        FROM requests WHERE closed_at >= {at} AND {Done} AND received_at < {at}
        """;

    public static async Task<List<T>> ReadAsync<T>(TenantDbContext db, string sql, Action<NpgsqlCommand> parameters, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            parameters(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(row(reader));
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static double? NullableDouble(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public static Guid? NullableGuid(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);
}
