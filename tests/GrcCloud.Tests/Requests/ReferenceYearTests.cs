using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GrcCloud.Tests.Requests;

/// <summary>A request's reference carries the town's year (Paris), not the server's UTC year.</summary>
public sealed class ReferenceYearTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_request_at_half_past_midnight_on_new_year_in_Paris_gets_the_new_year_and_one_before_midnight_the_old()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        await platform.ProvisionAsync("lavaur");
        // 23:30 UTC on 31 December 2026 is 00:30 on 1 January 2027 in Paris (UTC+1 in winter).
        var newYear = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));
        var lateEvening = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 22, 30, 0, TimeSpan.Zero));

        var (first, firstDueDays) = await SubmitAtAsync(platform, newYear);
        var (second, _) = await SubmitAtAsync(platform, lateEvening);

        Assert.Equal("LAV-2027-000001", first.Reference);
        Assert.Equal(new DateOnly(2027, 1, 1).AddDays(firstDueDays), first.DueOn); // the delay counts from the Paris day too
        Assert.Equal("LAV-2026-000001", second.Reference);
    }

    private static Task<(ServiceRequest Request, int DueDays)> SubmitAtAsync(TestPlatform platform, TimeProvider clock) =>
        platform.InTownAsync("lavaur", async services =>
        {
            var theme = (await services.GetRequiredService<PortalCatalogue>().GetAsync(TestContext.Current.CancellationToken))
                .Families.SelectMany(f => f.Themes).First();
            var submission = ActivatorUtilities.CreateInstance<RequestSubmission>(services, clock);
            var request = await submission.SubmitAsync(new NewRequest(theme, [], Guid.CreateVersion7(), RequestChannel.Phone,
                null, "Léa Martin", "lea@exemple.fr", null), TestContext.Current.CancellationToken);
            return (request, theme.DueDays);
        });
}
