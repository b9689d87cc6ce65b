using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GrcCloud.Tests.Provisioning;

public sealed class ProvisioningTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_provisioned_town_has_its_schema_services_and_catalogue()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);

        var town = await platform.ProvisionAsync("lavaur", "Lavaur", template: "lavaur");

        await using var scope = platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        Assert.Equal("t_lavaur", town.SchemaName);
        Assert.True(await db.Themes.CountAsync(TestContext.Current.CancellationToken) >= 60);
        Assert.True(await db.Services.CountAsync(TestContext.Current.CancellationToken) >= 10);
        Assert.Equal(RecipeLoader.RequiredMails.Count, await db.MailTemplates.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Lavaur", (await db.Settings.SingleAsync(TestContext.Current.CancellationToken)).Name);
    }

    [Fact]
    public async Task A_schema_script_runs_as_written_braces_included_inside_the_towns_transaction()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var platform = await TestPlatform.StartAsync(postgres);
        var town = await platform.ProvisionAsync("lavaur", "Lavaur", template: "lavaur");
        await using var scope = platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();

        // ExecuteSqlRaw would read the JSON literal's braces as format items and throw.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await TownSchemaMigrator.RunScriptAsync(db, """CREATE TABLE braces_check AS SELECT '{"ville": "Lavaur"}'::jsonb AS j;""", ct);
            Assert.Equal("Lavaur", await db.Database.SqlQueryRaw<string>("SELECT j->>'ville' AS \"Value\" FROM braces_check").SingleAsync(ct));
            await transaction.RollbackAsync(ct);
        }

        var left = await db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = 't_lavaur' AND table_name = 'braces_check'").SingleAsync(ct);
        Assert.Equal(0, left);
    }

    [Fact]
    public async Task Provisioning_the_same_town_twice_changes_nothing()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var provisioner = platform.Services.GetRequiredService<TownProvisioner>();
        var loader = platform.Services.GetRequiredService<RecipeLoader>();

        var first = await provisioner.ProvisionAsync(loader.LoadTown("lavaur"), TestContext.Current.CancellationToken);
        var second = await provisioner.ProvisionAsync(loader.LoadTown("lavaur"), TestContext.Current.CancellationToken);

        Assert.Equal(ProvisioningOutcome.Created, first.Outcome);
        Assert.Equal(ProvisioningOutcome.AlreadyExists, second.Outcome);
        Assert.Equal(first.Town.Id, second.Town.Id);
    }

    [Fact]
    public async Task A_failure_leaves_no_half_town_but_a_visible_failed_entry_that_a_retry_completes()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var provisioner = platform.Services.GetRequiredService<TownProvisioner>();
        var recipe = platform.Services.GetRequiredService<RecipeLoader>().LoadFromTemplate("_template", "albi", "Albi", "81004", null, []);
        provisioner.BeforeActivation = _ => throw new InvalidOperationException("panne simulée du serveur");

        var failure = await Assert.ThrowsAsync<ProvisioningException>(() => provisioner.ProvisionAsync(recipe, TestContext.Current.CancellationToken));

        Assert.Contains("panne simulée", failure.Message);
        Assert.False(await SchemaExistsAsync(platform, "t_albi"));
        var record = await FindAsync(platform, "albi");
        Assert.Equal(TenantStatus.Failed, record!.Status);
        Assert.Contains("panne simulée", record.StatusReason);

        provisioner.BeforeActivation = null;
        var (outcome, town) = await provisioner.ProvisionAsync(recipe, TestContext.Current.CancellationToken);

        Assert.Equal(ProvisioningOutcome.Created, outcome);
        Assert.Equal(record.Id, town.Id);
        Assert.True(await SchemaExistsAsync(platform, "t_albi"));
        Assert.Equal(TenantStatus.Active, (await FindAsync(platform, "albi"))!.Status);
    }

    [Fact]
    public async Task A_failed_town_can_be_removed_with_the_command_line()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var provisioner = platform.Services.GetRequiredService<TownProvisioner>();
        provisioner.BeforeActivation = _ => throw new InvalidOperationException("panne");
        var recipe = platform.Services.GetRequiredService<RecipeLoader>().LoadFromTemplate("_template", "albi", "Albi", "81004", null, []);
        await Assert.ThrowsAsync<ProvisioningException>(() => provisioner.ProvisionAsync(recipe, TestContext.Current.CancellationToken));

        var removed = await Cli.RunAsync(platform.ConnectionString, "tenants", "remove", "--slug", "albi");

        Assert.Equal(0, removed.ExitCode);
        Assert.Null(await FindAsync(platform, "albi"));
    }

    [Fact]
    public async Task A_host_already_used_by_another_town_is_refused_before_anything_is_written()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lavaur", "Lavaur", hosts: ["demarches.ville-lavaur.fr"]);
        var recipe = platform.Services.GetRequiredService<RecipeLoader>().LoadFromTemplate("_template", "albi", "Albi", "81004", null, ["demarches.ville-lavaur.fr"]);

        var refusal = await Assert.ThrowsAsync<ProvisioningException>(() =>
            platform.Services.GetRequiredService<TownProvisioner>().ProvisionAsync(recipe, TestContext.Current.CancellationToken));

        Assert.Contains("demarches.ville-lavaur.fr", refusal.Message);
        Assert.Null(await FindAsync(platform, "albi"));
    }

    [Fact]
    public async Task A_commune_has_one_town_a_second_town_with_its_insee_code_is_refused_by_the_provisioner_and_the_command_line()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lavaur", "Lavaur", "81140");
        var recipe = platform.Services.GetRequiredService<RecipeLoader>().LoadFromTemplate("_template", "lavaur-bis", "Lavaur bis", "81140", null, []);

        var refusal = await Assert.ThrowsAsync<ProvisioningException>(() =>
            platform.Services.GetRequiredService<TownProvisioner>().ProvisionAsync(recipe, TestContext.Current.CancellationToken));
        var command = await Cli.RunAsync(platform.ConnectionString, "tenants", "create", "--slug", "lavaur-ter", "--name", "Lavaur ter", "--insee", "81140");

        Assert.Contains("le code INSEE 81140 est déjà celui de Lavaur", refusal.Message);
        Assert.NotEqual(0, command.ExitCode);
        Assert.Contains("le code INSEE 81140 est déjà celui de Lavaur", command.Error);
        Assert.Null(await FindAsync(platform, "lavaur-bis"));
        Assert.Null(await FindAsync(platform, "lavaur-ter"));
    }

    [Theory]
    [InlineData(45.0, 1.7, 44.0, 1.9, "le sud doit être inférieur au nord")]
    [InlineData(43.0, 1.0, 46.0, 2.0, "2 degrés")]
    [InlineData(43.64, 1.73, 93.0, 1.91, "latitudes entre -90 et 90")]
    [InlineData(43.64, 1.73, 43.76, 1.91, null)]
    public void A_commune_area_must_be_a_box_the_size_of_a_commune(double south, double west, double north, double east, string? expected)
    {
        var loader = new RecipeLoader(Repository.Recipes);

        var error = Record.Exception(() => loader.LoadFromTemplate("_template", "lavaur", "Lavaur", "81140", null, [], new CommuneArea(south, west, north, east)));

        if (expected is null)
        {
            Assert.Null(error);
            return;
        }
        var message = Assert.IsType<RecipeException>(error).Message;
        Assert.Contains("area: emprise de la commune invalide : ", message);
        Assert.Contains(expected, message);
    }

    [Theory]
    [InlineData("Albi", "81004", null, "slug: l'identifiant « Albi » ne peut contenir")]
    [InlineData("a", "81004", null, "slug: l'identifiant « a » doit compter")]
    [InlineData("www", "81004", null, "slug: l'identifiant « www » est réservé")]
    [InlineData("albi--ville", "81004", null, "slug:")]
    [InlineData("albi", "8100", null, "insee: code INSEE « 8100 » invalide")]
    [InlineData("albi", "2C004", null, "insee: code INSEE « 2C004 » invalide")]
    [InlineData("ajaccio", "2A004", null, null)]
    [InlineData("albi", "81004", "21810140800012", "siret: SIRET « 21810140800012 » invalide : clé de contrôle incorrecte")]
    [InlineData("albi", "81004", "2181014080001", "siret: SIRET « 2181014080001 » invalide : 14 chiffres attendus")]
    [InlineData("albi", "81004", "21810140800019", null)]
    public void Identifiers_are_checked_with_a_clear_french_message(string slug, string insee, string? siret, string? expected)
    {
        var loader = new RecipeLoader(Repository.Recipes);

        var error = Record.Exception(() => loader.LoadFromTemplate("_template", slug, "Albi", insee, siret, []));

        if (expected is null)
            Assert.Null(error);
        else
            Assert.Contains(expected, Assert.IsType<RecipeException>(error).Message);
    }

    private static async Task<bool> SchemaExistsAsync(TestPlatform platform, string schema)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", connection) { Parameters = { new() { Value = schema } } };
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<TenantRecord?> FindAsync(TestPlatform platform, string slug)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug);
    }
}
