using AngleSharp.Dom;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Queues;
using static GrcCloud.Tests.Statistics.StatisticsData;

namespace GrcCloud.Tests.Statistics;

/// <summary>
/// Every figure of the dashboard against values worked out by hand on <see cref="StatisticsData"/>
/// (the arithmetic is in the comments). Delays are elapsed time: 47 h across the spring change, 49 h
/// across the autumn one; months are Paris months. "\u00A0" is the no-break space before units.
/// </summary>
public sealed class DashboardFiguresTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_supervisor_reads_counts_trend_delays_and_backlog_as_computed_by_hand()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await SeedAsync(env.Platform);
        using var mayor = await BackOffice.AgentAsync(env.Platform, "lavaur", "cabinet@lavaur.example", AgentRoles.Supervisor);

        var page = await mayor.PageAsync($"/agents/statistiques?{Period}");
        Assert.Contains("du 1 janvier 2026 au 30 novembre 2026", page.Text("main"));
        Assert.Contains("du 1 février 2025 au 31 décembre 2025", page.Text("main"));

        // Received: R1–R11 in the period (R12 arrived 31 Dec 2025 23:30 Paris); R12, R13 in the previous one (R14 is before it).
        // Done: R1–R7 and R12 (done 2 Jan 2026) = 8, R11 is done after the period; previous: R13.
        // Delays (days): R1 0.03125, R7 1.25, R12 1.5, R3 1.958333, R4 2.041667, R2 3, R5 10, R6 15.
        //   median (percentile_cont, 8 values): halfway between the 4th and 5th = (1.958333 + 2.041667) / 2 = 2.0
        //   90th percentile: rank 0.9 × 7 = 6.3 -> 10 + 0.3 × (15 − 10) = 11.5
        //   mean: 34.78125 / 8 = 4.347656 -> 4,3
        //   on time (done on or before the due day): all but R2 and R6 -> 6 / 8 = 75 %; previous: R13 on time -> 100 %
        // Open at the end (2026-12-01 00:00 Paris): R8, R9, R10 and R11 (done after) = 4, overdue R8, R10, R11 = 3;
        //   at the previous end (2026-01-01 00:00 Paris): R12 only, not yet due.
        Assert.Equal(
        [
            ["Demandes reçues", "11", "2", "+450\u00A0%"],
            ["Demandes terminées (traitées, refusées ou clôturées)", "8", "1", "+700\u00A0%"],
            ["Délai médian", "2,0\u00A0j", "4,0\u00A0j", ""],
            ["Délai du 90e centile", "11,5\u00A0j", "4,0\u00A0j", ""],
            ["Délai moyen", "4,3\u00A0j", "4,0\u00A0j", ""],
            ["Terminées dans le délai prévu", "75\u00A0%", "100\u00A0%", ""],
            ["Demandes ouvertes en fin de période", "4", "1", "+300\u00A0%"],
            ["dont en retard", "3", "0", "nouveau"],
        ], Rows(page, "#chiffres-cles"));

        // Paris months: R2 (28 Feb 23:30 UTC) is March; R1 done 31 Jan 23:15 UTC is February; R12 is December 2025.
        Assert.Equal(
        [
            ["décembre 2025", "1", "0"], ["janvier 2026", "1", "1"], ["février 2026", "1", "1"], ["mars 2026", "2", "2"],
            ["avril 2026", "0", "0"], ["mai 2026", "1", "1"], ["juin 2026", "1", "1"], ["juillet 2026", "1", "1"],
            ["août 2026", "0", "0"], ["septembre 2026", "1", "0"], ["octobre 2026", "1", "1"], ["novembre 2026", "2", "0"],
        ], Rows(page, "#tableau-tendance"));

        // Families: voirie R2, R3, R4, R8, R9, R11 = 6 (previous R12); état civil R1, R5, R6, R7, R10 = 5 (previous R13).
        Assert.Equal(
        [
            ["Voirie, propreté et cadre de vie", "6", "1", "+500\u00A0%"],
            ["État civil et citoyenneté", "5", "1", "+400\u00A0%"],
        ], Rows(page, "#tableau-familles"));
        Assert.Equal(
        [
            ["Demander un acte de naissance", "4", "1", "+300\u00A0%"],
            ["Signaler un nid-de-poule", "4", "1", "+300\u00A0%"],
            ["Signaler un lampadaire en panne", "2", "0", "nouveau"],
            ["S'inscrire sur les listes électorales", "1", "0", "nouveau"],
        ], Rows(page, "#tableau-demarches"));
        Assert.Equal(4, Rows(page, "#tableau-principales").Count);
        Assert.Equal(
        [
            ["Services techniques – voirie et éclairage", "6", "1", "+500\u00A0%"],
            ["État civil", "4", "1", "+300\u00A0%"],
            ["Élections", "1", "0", "nouveau"],
        ], Rows(page, "#tableau-services"));
        // Online R1, R3, R5, R8, R9, R11 = 6 (previous R12, R13); counter R4, R10; then one each: 6 + 2 + 3 = 11.
        Assert.Equal(
        [
            ["En ligne", "6", "2", "+200\u00A0%"], ["À l'accueil", "2", "0", "nouveau"], ["Par courriel", "1", "0", "nouveau"],
            ["Par courrier", "1", "0", "nouveau"], ["Par téléphone", "1", "0", "nouveau"],
        ], Rows(page, "#tableau-canaux"));

        // Per service. Voirie: 1.5, 1.958333, 2.041667, 3 -> median 2.0; p90 rank 2.7 -> 2.041667 + 0.7 × 0.958333 = 2.7125;
        //   mean 8.5 / 4 = 2.125 -> 2,1; on time 3 / 4 (R2 late). État civil: 0.03125, 10, 15 -> median 10; p90 rank 1.8 ->
        //   10 + 0.8 × 5 = 14; mean 25.03125 / 3 = 8.34375; on time 2 / 3 = 67 % (R6 late); previous R13: 4 days, on time.
        //   Élections: R7 alone, 1.25 -> 1,3.
        Assert.Equal(
        [
            ["Services techniques – voirie et éclairage", "4", "2,0\u00A0j", "2,7\u00A0j", "2,1\u00A0j", "75\u00A0%", "–", "–"],
            ["État civil", "3", "10,0\u00A0j", "14,0\u00A0j", "8,3\u00A0j", "67\u00A0%", "4,0\u00A0j", "100\u00A0%"],
            ["Élections", "1", "1,3\u00A0j", "1,3\u00A0j", "1,3\u00A0j", "100\u00A0%", "–", "–"],
        ], Rows(page, "#tableau-delais-services"));
        // Per theme. Nid-de-poule: 1.5, 2.041667, 3 -> median 2.041667; p90 rank 1.8 -> 2.041667 + 0.8 × 0.958333 = 2.808333;
        //   mean 6.541667 / 3 = 2.180556; on time 2 / 3. Lampadaire: R3 alone, 47 h = 1.958333 -> 2,0.
        Assert.Equal(
        [
            ["Demander un acte de naissance", "3", "10,0\u00A0j", "14,0\u00A0j", "8,3\u00A0j", "67\u00A0%", "4,0\u00A0j", "100\u00A0%"],
            ["Signaler un nid-de-poule", "3", "2,0\u00A0j", "2,8\u00A0j", "2,2\u00A0j", "67\u00A0%", "–", "–"],
            ["S'inscrire sur les listes électorales", "1", "1,3\u00A0j", "1,3\u00A0j", "1,3\u00A0j", "100\u00A0%", "–", "–"],
            ["Signaler un lampadaire en panne", "1", "2,0\u00A0j", "2,0\u00A0j", "2,0\u00A0j", "100\u00A0%", "–", "–"],
        ], Rows(page, "#tableau-delais-demarches"));

        // Ages at the end: R9 2.6 days, R10 20.6, R11 76.6, R8 288.6; at the previous end R12, 30 minutes old.
        Assert.Equal(
        [
            ["Moins de 7 jours", "1", "1", "="], ["7 à 29 jours", "1", "0", "nouveau"],
            ["30 à 89 jours", "1", "0", "nouveau"], ["90 jours et plus", "1", "0", "nouveau"],
        ], Rows(page, "#tableau-stock"));

        // Each chart is an image with a title and a description, followed by its table.
        var charts = page.QuerySelectorAll("svg[role=img]");
        Assert.True(charts.Length >= 6);
        Assert.All(charts, svg => Assert.NotNull(svg.QuerySelector("title")));
        Assert.Contains("Services techniques – voirie et éclairage : 6", page.QuerySelector("#graphe-services-desc")!.TextContent);

        // A period that does not exist: French messages, the default period shown, 400.
        var bad = await mayor.GetAsync("/agents/statistiques?periode=dates&du=2026-02-30&au=2026-01-01");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = await Html.ParseAsync(bad);
        Assert.Contains("La date de début doit être une date qui existe", badPage.Text(".error-summary"));
        var reversed = await Html.ParseAsync(await mayor.GetAsync("/agents/statistiques?periode=dates&du=2026-03-01&au=2026-01-01"));
        Assert.Contains("La date de fin doit suivre la date de début", reversed.Text(".error-summary"));
        var month = await mayor.PageAsync("/agents/statistiques?periode=mois&mois=2026-03");
        // March: R2, R3 received; previous period February: R8.
        Assert.Equal(["Demandes reçues", "2", "1", "+100\u00A0%"], Rows(month, "#chiffres-cles")[0]);
    }

    internal static List<string[]> Rows(IDocument page, string table) =>
        [.. page.QuerySelectorAll($"{table} tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray())];
}
