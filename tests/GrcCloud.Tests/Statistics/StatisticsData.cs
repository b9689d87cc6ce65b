using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Queues;
using Microsoft.Extensions.DependencyInjection;
using GrcCloud.Tests.Domain;

namespace GrcCloud.Tests.Statistics;

/// <summary>
/// The hand-made data set of the statistics tests: fourteen requests whose every instant is written in
/// Paris time with its offset (+01:00 in winter, +02:00 in summer). The period studied is 1 January –
/// 30 November 2026 (334 days, chosen dates: it is over, so the backlog is counted at its end,
/// 2026-12-01 00:00 Paris = 2026-11-30 23:00 UTC); the previous period has the same 334 days,
/// 1 February – 31 December 2025.
/// </summary>
internal static class StatisticsData
{
    public const string Period = "periode=dates&du=2026-01-01&au=2026-11-30";
    public const string Acte = "acte-de-naissance";          // family État civil et citoyenneté, service État civil, due 10 days
    public const string Liste = "inscription-listes-electorales"; // family État civil et citoyenneté, service Élections
    public const string Trou = "nid-de-poule";               // family Voirie, propreté et cadre de vie, service voirie
    public const string Lampe = "lampadaire-en-panne";       // same family and service as nid-de-poule

    public static readonly TimeSpan Winter = TimeSpan.FromHours(1), Summer = TimeSpan.FromHours(2);

    public static DateTimeOffset At(int y, int mo, int d, int h, int mi, TimeSpan offset) => new(y, mo, d, h, mi, 0, offset);

    public static string Ref(int n) => $"LAV-2026-9{n:00000}";

    public static async Task SeedAsync(TestPlatform platform)
    {
        async Task Add(int n, string theme, RequestChannel channel, DateTimeOffset received, DateTimeOffset? done, RequestStatus status, DateOnly due, string name = "Jeanne Dupont") =>
            await BackOffice.RequestAsync(platform, "lavaur", theme, Ref(n), r =>
            {
                r.Channel = channel;
                r.ReceivedAt = received.ToUniversalTime();
                r.Reached(status, done?.ToUniversalTime());
                r.ClosedAt = done?.ToUniversalTime();
                r.DueOn = due;
                r.ContactName = name;
                r.ContactEmail = "jeanne.dupont@exemple.fr";
            });
        // R1: received 31 Jan 23:30 Paris (22:30 UTC), done 1 Feb 00:15 Paris (31 Jan 23:15 UTC, January in UTC, February in Paris): 45 min = 0.03125 day.
        await Add(1, Acte, RequestChannel.Online, At(2026, 1, 31, 23, 30, Winter), At(2026, 2, 1, 0, 15, Winter), RequestStatus.Resolved, new(2026, 2, 10));
        // R2: received 1 Mar 00:30 Paris (28 Feb 23:30 UTC: March in Paris), done 4 Mar 00:30: 3 days; due 3 Mar, done 4 Mar: late.
        await Add(2, Trou, RequestChannel.Phone, At(2026, 3, 1, 0, 30, Winter), At(2026, 3, 4, 0, 30, Winter), RequestStatus.Resolved, new(2026, 3, 3));
        // R3: across the spring change (29 March 2026, 02:00 -> 03:00): 28 Mar 12:00 +01 -> 30 Mar 12:00 +02 = 47 h = 1.958333 days.
        await Add(3, Lampe, RequestChannel.Online, At(2026, 3, 28, 12, 0, Winter), At(2026, 3, 30, 12, 0, Summer), RequestStatus.Resolved, new(2026, 4, 1), name: "=1+2");
        // R4: across the autumn change (25 October 2026, 03:00 -> 02:00): 24 Oct 12:00 +02 -> 26 Oct 12:00 +01 = 49 h = 2.041667 days; rejected.
        await Add(4, Trou, RequestChannel.Counter, At(2026, 10, 24, 12, 0, Summer), At(2026, 10, 26, 12, 0, Winter), RequestStatus.Rejected, new(2026, 10, 30));
        // R5: 10 days, done on its due day (on time), then closed.
        await Add(5, Acte, RequestChannel.Online, At(2026, 5, 10, 10, 0, Summer), At(2026, 5, 20, 10, 0, Summer), RequestStatus.Closed, new(2026, 5, 20));
        // R6: 15 days, due 11 June: late.
        await Add(6, Acte, RequestChannel.Letter, At(2026, 6, 1, 9, 0, Summer), At(2026, 6, 16, 9, 0, Summer), RequestStatus.Resolved, new(2026, 6, 11));
        // R7: 30 h = 1.25 days, Élections.
        await Add(7, Liste, RequestChannel.Email, At(2026, 7, 1, 10, 0, Summer), At(2026, 7, 2, 16, 0, Summer), RequestStatus.Resolved, new(2026, 7, 6));
        // R8: open since 15 Feb, due 25 Feb: overdue; at the period's end 288 days old.
        await Add(8, Trou, RequestChannel.Online, At(2026, 2, 15, 10, 0, Winter), null, RequestStatus.InProgress, new(2026, 2, 25));
        // R9: open since 28 Nov, due 5 Dec: not overdue on 1 Dec; 2.6 days old.
        await Add(9, Lampe, RequestChannel.Online, At(2026, 11, 28, 10, 0, Winter), null, RequestStatus.Received, new(2026, 12, 5));
        // R10: awaiting an official since 10 Nov, due 20 Nov: overdue; 20.6 days old.
        await Add(10, Acte, RequestChannel.Counter, At(2026, 11, 10, 10, 0, Winter), null, RequestStatus.AwaitingValidation, new(2026, 11, 20));
        // R11: received 15 Sep, done 1 Dec 00:30 Paris, after the period: open at its end, 76.6 days old, overdue (due 25 Sep).
        await Add(11, Trou, RequestChannel.Online, At(2026, 9, 15, 10, 0, Summer), At(2026, 12, 1, 0, 30, Winter), RequestStatus.Resolved, new(2026, 9, 25));
        // R12: received 31 Dec 2025 23:30 Paris (previous period), done 2 Jan 2026 11:30: 36 h = 1.5 days, counted done in the period.
        await Add(12, Trou, RequestChannel.Online, At(2025, 12, 31, 23, 30, Winter), At(2026, 1, 2, 11, 30, Winter), RequestStatus.Resolved, new(2026, 1, 5));
        // R13: previous period, 4 days.
        await Add(13, Acte, RequestChannel.Online, At(2025, 6, 10, 10, 0, Summer), At(2025, 6, 14, 10, 0, Summer), RequestStatus.Resolved, new(2025, 6, 20));
        // R14: before both periods (15 Jan 2025): counted nowhere.
        await Add(14, Acte, RequestChannel.Online, At(2025, 1, 15, 10, 0, Winter), At(2025, 1, 16, 10, 0, Winter), RequestStatus.Resolved, new(2025, 1, 25));

        // Timeline of R1: an internal note and a public answer.
        await platform.InTownAsync("lavaur", async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            var r1 = db.Requests.Single(r => r.Reference == Ref(1));
            db.RequestEvents.Add(new RequestEvent { Id = Guid.CreateVersion7(), RequestId = r1.Id, At = r1.ClosedAt!.Value, Kind = RequestEventKind.InternalNote, IsPublic = false, AuthorName = "Paul Agent", Text = "Voir le registre de 1987 à l'annexe" });
            db.RequestEvents.Add(new RequestEvent { Id = Guid.CreateVersion7(), RequestId = r1.Id, At = r1.ClosedAt!.Value, Kind = RequestEventKind.Resolved, IsPublic = true, AuthorName = "Paul Agent", Text = "Votre demande a été traitée : acte envoyé." });
            await db.SaveChangesAsync();
        });
    }
}
