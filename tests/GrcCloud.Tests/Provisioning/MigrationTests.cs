using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GrcCloud.Tests.Provisioning;

/// <summary>`grccloud migrate` goes town by town: a failing town is named, the others are migrated, a rerun resumes.</summary>
public sealed class MigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_failing_town_is_reported_by_name_the_others_stay_migrated_and_a_rerun_continues()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var towns = new[] { "albi", "brens", "cagnac" };
        foreach (var slug in towns)
            await platform.ProvisionAsync(slug);
        // Bring every town back to "never migrated"; brens gets a stray table that blocks its migration.
        foreach (var slug in towns)
            await ExecuteAsync(platform, SchemaSql.Recreate("t_" + slug));
        await ExecuteAsync(platform, "CREATE TABLE t_brens.services (stray integer)");

        var first = await Cli.RunAsync(platform.ConnectionString, "migrate");

        Assert.NotEqual(0, first.ExitCode);
        Assert.Contains("✓ albi", first.Output);
        Assert.Contains("✗ brens", first.Output);
        Assert.Contains("✓ cagnac", first.Output);
        Assert.Contains("brens", first.Error);
        Assert.Single(first.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(await TableExistsAsync(platform, "t_albi", "themes"));
        Assert.True(await TableExistsAsync(platform, "t_cagnac", "themes"));
        Assert.False(await TableExistsAsync(platform, "t_brens", "themes"));

        await ExecuteAsync(platform, "DROP TABLE t_brens.services");
        var rerun = await Cli.RunAsync(platform.ConnectionString, "migrate");

        Assert.Equal(0, rerun.ExitCode);
        Assert.True(await TableExistsAsync(platform, "t_brens", "themes"));
        Assert.Contains("3 commune(s) à jour", rerun.Output);
    }

    [Fact]
    public async Task Migrating_an_up_to_date_town_changes_nothing()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var town = await platform.ProvisionAsync("albi");

        await platform.Services.GetRequiredService<TownSchemaMigrator>().MigrateTownAsync(town, TestContext.Current.CancellationToken);
        var results = await platform.Services.GetRequiredService<TownSchemaMigrator>().MigrateAllAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
    }

    private static async Task ExecuteAsync(TestPlatform platform, string sql)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<bool> TableExistsAsync(TestPlatform platform, string schema, string table)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection) { Parameters = { new() { Value = $"{schema}.{table}" } } };
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
