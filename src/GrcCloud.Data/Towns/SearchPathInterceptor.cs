using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GrcCloud.Data.Towns;

/// <summary>
/// Points every connection a <see cref="TenantDbContext"/> opens at its town's schema, and only that
/// schema (no <c>public</c>). The pool's reset on close (DISCARD ALL) clears it again, so a pooled
/// connection never carries one town's path to another.
/// </summary>
public sealed class SearchPathInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = CreateCommand(connection, eventData);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = CreateCommand(connection, eventData);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand CreateCommand(DbConnection connection, ConnectionEndEventData eventData)
    {
        var context = eventData.Context as TenantDbContext
            ?? throw new InvalidOperationException("Cette connexion n'appartient à aucune commune.");
        var command = connection.CreateCommand();
        command.CommandText = "SET search_path TO " + SchemaSql.Quote(context.SchemaName);
        return command;
    }
}
