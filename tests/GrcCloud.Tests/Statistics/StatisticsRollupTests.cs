using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static GrcCloud.Tests.Statistics.DashboardFiguresTests;
using static GrcCloud.Tests.Statistics.StatisticsData;

namespace GrcCloud.Tests.Statistics;

/// <summary>
/// The dashboard reads whole past months from the monthly rollup and the other days from the requests:
/// a period mixing both adds up as computed by hand, and a change to a month already rolled up (a
/// reopening, a transfer) shows on the next view.
/// </summary>
public sealed class StatisticsRollupTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_period_of_a_whole_month_and_loose_days_adds_the_rollup_and_the_requests()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await SeedAsync(env.Platform);
        using var mayor = await BackOffice.AgentAsync(env.Platform, "lavaur", "cabinet@lavaur.example", AgentRoles.Supervisor);

        // 1 February (a whole month, rolled up) to 29 March (loose days, read from the requests).
        // Received: R8 (15 Feb), R2 (1 Mar 00:30 Paris), R3 (28 Mar) = 3. Done: R1 (1 Feb 00:15 Paris, 0.03125 day,
        // on time) and R2 (4 Mar, 3 days, late); R3 is done on 30 March, after the period.
        //   median = mean = (0.03125 + 3) / 2 = 1.515625 -> 1,5; 90th percentile 0.03125 + 0.9 × 2.96875 = 2.703125 -> 2,7.
        var page = await mayor.PageAsync("/agents/statistiques?periode=dates&du=2026-02-01&au=2026-03-29");
        var key = Rows(page, "#chiffres-cles");
        Assert.Equal("3", key[0][1]);
        Assert.Equal("2", key[1][1]);
        Assert.Equal(["Délai médian", "1,5\u00A0j"], key[2][..2]);
        Assert.Equal(["Délai du 90e centile", "2,7\u00A0j"], key[3][..2]);
        Assert.Equal(["Délai moyen", "1,5\u00A0j"], key[4][..2]);
        Assert.Equal(["Terminées dans le délai prévu", "50\u00A0%"], key[5][..2]);
    }

    [Fact]
    public async Task A_reopened_and_a_transferred_request_of_a_month_already_rolled_up_show_on_the_next_view()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await SeedAsync(env.Platform);
        using var mayor = await BackOffice.AgentAsync(env.Platform, "lavaur", "cabinet@lavaur.example", AgentRoles.Supervisor);

        // May 2026: R5 received and done (10 days). At the end of May, R8 alone is open (since 15 February).
        var before = await mayor.PageAsync("/agents/statistiques?periode=mois&mois=2026-05");
        Assert.Equal("1", Rows(before, "#chiffres-cles")[1][1]);
        Assert.Equal(["État civil", "1", "0", "nouveau"], Rows(before, "#tableau-services")[0]);
        Assert.Equal("1", Rows(before, "#chiffres-cles")[6][1]);

        await env.Platform.InTownAsync("lavaur", async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            var r5 = await db.Requests.SingleAsync(r => r.Reference == Ref(5));
            Assert.True(r5.Reopen().IsDone);
            r5.ServiceId = await db.Services.Where(s => s.Name == "Élections").Select(s => s.Id).SingleAsync();
            await db.SaveChangesAsync();
        });

        // Reopened: no longer done in May, open at its end with R8; moved to Élections.
        var after = await mayor.PageAsync("/agents/statistiques?periode=mois&mois=2026-05");
        Assert.Equal("0", Rows(after, "#chiffres-cles")[1][1]);
        Assert.Equal(["Élections", "1", "0", "nouveau"], Rows(after, "#tableau-services")[0]);
        Assert.Equal("2", Rows(after, "#chiffres-cles")[6][1]);
    }

    [Fact]
    public async Task A_request_of_a_rolled_up_month_reopened_alone_leaves_it_and_the_month_ends_since()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await SeedAsync(env.Platform);
        using var mayor = await BackOffice.AgentAsync(env.Platform, "lavaur", "cabinet@lavaur.example", AgentRoles.Supervisor);
        // June: R6 received and done; open at the end of June: R8 alone (R5 was done on 20 May).
        Assert.Equal("1", Rows(await mayor.PageAsync("/agents/statistiques?periode=mois&mois=2026-06"), "#chiffres-cles")[6][1]);

        await env.Platform.InTownAsync("lavaur", async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            var r5 = await db.Requests.SingleAsync(r => r.Reference == Ref(5));
            Assert.True(r5.Reopen().IsDone);
            await db.SaveChangesAsync();
        });

        // Only its done-at moved: May loses its done request, and every month end since counts it open.
        Assert.Equal("0", Rows(await mayor.PageAsync("/agents/statistiques?periode=mois&mois=2026-05"), "#chiffres-cles")[1][1]);
        Assert.Equal("2", Rows(await mayor.PageAsync("/agents/statistiques?periode=mois&mois=2026-06"), "#chiffres-cles")[6][1]);
    }

    [Fact]
    public async Task A_request_entered_late_into_a_rolled_up_month_shows_on_the_next_view()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await SeedAsync(env.Platform);
        using var mayor = await BackOffice.AgentAsync(env.Platform, "lavaur", "cabinet@lavaur.example", AgentRoles.Supervisor);
        // June rolled up: R6 received; R8 alone open at the end of the month.
        var before = Rows(await mayor.PageAsync("/agents/statistiques?periode=mois&mois=2026-06"), "#chiffres-cles");
        Assert.Equal("1", before[0][1]);
        Assert.Equal("1", before[6][1]);

        // A letter of 20 June entered today: the insert into a past month marks June (the trigger's insert condition).
        await BackOffice.RequestAsync(env.Platform, "lavaur", Acte, Ref(50), r =>
        {
            r.Channel = RequestChannel.Letter;
            r.ReceivedAt = At(2026, 6, 20, 9, 0, Summer).ToUniversalTime();
            r.DueOn = new(2026, 7, 5);
        });

        var after = Rows(await mayor.PageAsync("/agents/statistiques?periode=mois&mois=2026-06"), "#chiffres-cles");
        Assert.Equal("2", after[0][1]);
        Assert.Equal("2", after[6][1]);
    }
}
