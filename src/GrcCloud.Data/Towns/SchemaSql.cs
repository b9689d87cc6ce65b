using GrcCloud.Tenancy;

namespace GrcCloud.Data.Towns;

/// <summary>DDL on town schemas. Names are checked against ^t_[a-z0-9_]{1,60}$ before being quoted into SQL.</summary>
public static class SchemaSql
{
    public static string Quote(string schema) =>
        TenantNames.IsValidSchemaName(schema)
            ? $"\"{schema}\""
            : throw new ArgumentException($"Nom de schéma invalide : {schema}", nameof(schema));

    public static string Recreate(string schema) => $"DROP SCHEMA IF EXISTS {Quote(schema)} CASCADE; CREATE SCHEMA {Quote(schema)};";

    public static string Drop(string schema) => $"DROP SCHEMA IF EXISTS {Quote(schema)} CASCADE";
}
