using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations.Internal;

namespace GrcCloud.Data.Towns;

#pragma warning disable EF1001 // The Npgsql history repository is internal API; this override is the smallest safe change.
/// <summary>
/// Npgsql looks for the migrations history table in <c>public</c> when the model has no schema.
/// Town models have none on purpose, so look in the connection's current schema, the town's.
/// </summary>
public sealed class TenantHistoryRepository(HistoryRepositoryDependencies dependencies) : NpgsqlHistoryRepository(dependencies)
{
    protected override string ExistsSql =>
        $"""
        SELECT EXISTS (
            SELECT 1 FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = '{TableName}')
        """;
}
#pragma warning restore EF1001
