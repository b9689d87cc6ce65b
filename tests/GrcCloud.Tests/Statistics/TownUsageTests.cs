using System.Net;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Operator.Usage;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Statistics;

/// <summary>The usage job visits each town and fills platform.town_usage_monthly; the ops page shows that table, sorted and paged.</summary>
public sealed class TownUsageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_usage_job_fills_the_platform_table_and_the_console_shows_it()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var platform = env.Platform;
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, paris).DateTime);
        var month = new DateOnly(today.Year, today.Month, 1);
        // Lavaur: three requests this month, one on the 15th of last month; one agent signed in; two residents.
        for (var i = 1; i <= 3; i++)
            await BackOffice.RequestAsync(platform, "lavaur", "nid-de-poule", $"LAV-2026-70000{i}");
        var lastMonth = new DateTimeOffset(month.AddMonths(-1).ToDateTime(new TimeOnly(12, 0)), paris.GetUtcOffset(month.AddMonths(-1).ToDateTime(new TimeOnly(12, 0)))).AddDays(14);
        await BackOffice.RequestAsync(platform, "lavaur", "nid-de-poule", "LAV-2026-700009", r => r.ReceivedAt = lastMonth.ToUniversalTime());
        using var agent = await BackOffice.AgentAsync(platform, "lavaur", "paul@lavaur.example", AgentRoles.Agent, "voirie");
        await BackOffice.ResidentAsync(platform, "lavaur", "a@exemple.fr", "Anne", "Un");
        await BackOffice.ResidentAsync(platform, "lavaur", "b@exemple.fr", "Bruno", "Deux");

        // The dispatcher's work, run here one town after the other as the jobs would.
        foreach (var slug in new[] { "lavaur", "gaillac" })
        {
            await using var scope = platform.Services.CreateAsyncScope();
            var town = scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug(slug)!;
            await scope.ServiceProvider.GetRequiredService<TownUsageJobs>().RefreshTownAsync(town.Id, TestContext.Current.CancellationToken);
        }
        // A second visit changes nothing (upsert).
        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var lavaur = scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!;
            await scope.ServiceProvider.GetRequiredService<TownUsageJobs>().RefreshTownAsync(lavaur.Id, TestContext.Current.CancellationToken);
            var rows = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().TownUsage.AsNoTracking()
                .Where(u => u.TownId == lavaur.Id).OrderBy(u => u.Month).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(TownUsageJobs.MonthsBack, rows.Count);
            var current = rows[^1];
            Assert.Equal((month, 3, 1, 2), (current.Month, current.RequestsReceived, current.ActiveAgents, current.Residents));
            Assert.True(current.StorageBytes > 100_000, $"{current.StorageBytes} octets");
            Assert.Equal((1, (int?)null), (rows[^2].RequestsReceived, rows[^2].ActiveAgents)); // not known before the first visit
        }

        using var ops = await OperatorTests.SignedInOperatorAsync(env);
        var page = await ops.PageAsync("/usage");
        Assert.Contains("Usage des communes", page.QuerySelector(".operator-nav")!.TextContent);
        var table = DashboardFiguresTests.Rows(page, "#usage");
        Assert.Equal(2, table.Count);
        Assert.Equal(["Lavaur (lavaur)", "3", "1", "1", "2"], table[0][..5]); // most requests first
        Assert.Equal(["Gaillac (gaillac)", "0", "0", "0", "0"], table[1][..5]);
        var byName = await ops.PageAsync("/usage?tri=commune&ordre=croissant");
        Assert.Equal(["Gaillac (gaillac)", "Lavaur (lavaur)"], DashboardFiguresTests.Rows(byName, "#usage").Select(r => r[0]));
        var bad = await ops.GetAsync("/usage?mois=2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // Not a town page, and not for anyone without an operator session.
        Assert.Equal(HttpStatusCode.NotFound, (await env.Session().GetAsync("/usage")).StatusCode);
        using var anonymousOps = env.Session("ops.localhost");
        Assert.NotEqual(HttpStatusCode.OK, (await anonymousOps.GetAsync("/usage")).StatusCode);
    }
}
