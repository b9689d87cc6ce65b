using System.Text.Json;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Platform;

/// <summary>Town A never sees town B: same theme slugs, different data, each host shows only its own.</summary>
public sealed class IsolationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Two_towns_with_the_same_theme_slug_each_see_only_their_own_data()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var castres = await platform.ProvisionAsync("castres", "Castres", "81065");
        var mazamet = await platform.ProvisionAsync("mazamet", "Mazamet", "81163");
        await RenameThemeAsync(platform, castres, "acte-de-naissance", "Acte de naissance (Castres)");
        await RenameThemeAsync(platform, mazamet, "acte-de-naissance", "Acte de naissance (Mazamet)");

        foreach (var (town, own, other) in new[] { ("castres", "Castres", "Mazamet"), ("mazamet", "Mazamet", "Castres") })
        {
            using var client = platform.ClientFor($"{town}.localhost");
            var page = await Html.ParseAsync(await client.GetAsync("/demarches/acte-de-naissance", TestContext.Current.CancellationToken));
            var api = await client.GetStringAsync("/api/v1/catalogue", TestContext.Current.CancellationToken);
            using var json = JsonDocument.Parse(api);

            Assert.Equal($"Acte de naissance ({own})", page.Text("h1"));
            Assert.Equal(town, json.RootElement.GetProperty("town").GetProperty("slug").GetString());
            Assert.Contains($"Acte de naissance ({own})", api);
            Assert.DoesNotContain($"({other})", api);
            Assert.DoesNotContain(other, page.DocumentElement.TextContent);
        }
    }

    [Fact]
    public async Task A_town_context_only_ever_reaches_its_own_schema()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var castres = await platform.ProvisionAsync("castres", "Castres", "81065");
        var mazamet = await platform.ProvisionAsync("mazamet", "Mazamet", "81163");
        await RenameThemeAsync(platform, mazamet, "acte-de-naissance", "Seulement à Mazamet");

        await using var scope = platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(castres);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        var searchPath = await db.Database.SqlQueryRaw<string>("SELECT current_setting('search_path') AS \"Value\"").SingleAsync(TestContext.Current.CancellationToken);

        Assert.Equal("t_castres", searchPath.Trim('"'));
        Assert.False(await db.Themes.AnyAsync(t => t.Title == "Seulement à Mazamet", TestContext.Current.CancellationToken));
        Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<TenantContext>().Set(mazamet));
    }

    [Fact]
    public async Task Statements_prepared_automatically_on_a_shared_connection_still_read_the_current_towns_schema()
    {
        // Two listeners hold two connections: the third is the only one left for every query, whatever the town.
        var connectionString = await postgres.NewDatabaseAsync() + ";Maximum Pool Size=3";
        await using var platform = await TestPlatform.StartAsync(postgres, connectionString);
        var castres = await platform.ProvisionAsync("castres", "Castres", "81065");
        var mazamet = await platform.ProvisionAsync("mazamet", "Mazamet", "81163");
        await RenameThemeAsync(platform, castres, "acte-de-naissance", "Acte (Castres)");
        await RenameThemeAsync(platform, mazamet, "acte-de-naissance", "Acte (Mazamet)");

        var prepared = 0L;
        for (var i = 0; i < 12; i++) // past Npgsql's 5 uses before it prepares a statement
        {
            foreach (var (town, title) in new[] { (castres, "Acte (Castres)"), (mazamet, "Acte (Mazamet)") })
            {
                await using var scope = platform.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town);
                var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
                Assert.Equal(title, await db.Themes.Where(t => t.Slug == "acte-de-naissance").Select(t => t.Title).SingleAsync(TestContext.Current.CancellationToken));
                prepared = await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM pg_prepared_statements").SingleAsync(TestContext.Current.CancellationToken);
            }
        }
        Assert.True(prepared > 0, "aucune instruction préparée : le test ne prouve rien");
    }

    [Fact]
    public async Task Without_a_town_no_town_context_can_be_made()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await using var scope = platform.Services.CreateAsyncScope();

        Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<TenantDbContext>());
    }

    internal static async Task RenameThemeAsync(TestPlatform platform, TenantInfo town, string slug, string title)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        await db.Themes.Where(t => t.Slug == slug).ExecuteUpdateAsync(s => s.SetProperty(t => t.Title, title));
    }
}
