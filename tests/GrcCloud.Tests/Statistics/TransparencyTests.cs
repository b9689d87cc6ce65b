using System.Net;
using System.Text.Json;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Queues;
using GrcCloud.Tests.Domain;

namespace GrcCloud.Tests.Statistics;

/// <summary>
/// The public transparency page and its open data: per town (Gaillac's figures never on Lavaur, even
/// through the cache), no personal data, counts under five withheld.
/// </summary>
public sealed class TransparencyTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Each_town_publishes_its_own_counts_and_delays_without_personal_data()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, paris).DateTime);
        // The last whole month, where the published figures end.
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        DateTimeOffset Local(int day, int hour) => new DateTimeOffset(month.Year, month.Month, day, hour, 0, 0, paris.GetUtcOffset(new DateTime(month.Year, month.Month, day, hour, 0, 0))).ToUniversalTime();
        // Lavaur: six birth certificates received on the 5th at 10:00, answered 1 to 6 days later (median 3.5; 90th percentile
        // at rank 0.9 × 5 = 4.5 -> 5 + 0.5 × 1 = 5.5); two potholes (under five: withheld).
        for (var i = 1; i <= 6; i++)
        {
            var days = i;
            await BackOffice.RequestAsync(env.Platform, "lavaur", "acte-de-naissance", $"LAV-2026-80000{i}", r => Done(r, Local(5, 10), Local(5 + days, 10)));
        }
        for (var i = 1; i <= 2; i++)
            await BackOffice.RequestAsync(env.Platform, "lavaur", "nid-de-poule", $"LAV-2026-81000{i}", r => Done(r, Local(5, 10), Local(6, 10)));
        // Gaillac: seven street lights, 1 day each.
        for (var i = 1; i <= 7; i++)
            await BackOffice.RequestAsync(env.Platform, "gaillac", "lampadaire-en-panne", $"GAI-2026-80000{i}", r => Done(r, Local(5, 10), Local(6, 10)));

        using var visitor = env.Session();
        var home = await visitor.PageAsync("/");
        Assert.Equal("/transparence", home.QuerySelector("footer a[href='/transparence']")?.GetAttribute("href"));
        var page = await visitor.PageAsync("/transparence");
        Assert.Equal(
        [
            ["Demander un acte de naissance", "État civil et citoyenneté", "6", "3,5\u00A0j", "5,5\u00A0j"],
            ["Signaler un nid-de-poule", "Voirie, propreté et cadre de vie", "moins de 5", "–", "–"],
        ], DashboardFiguresTests.Rows(page, "#tableau-delais"));
        var monthName = month.ToString("MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
        Assert.Contains([monthName, "6", "6"], page.QuerySelectorAll("table").Where(t => t.QuerySelector("caption")!.TextContent.StartsWith("État civil et citoyenneté", StringComparison.Ordinal))
            .SelectMany(t => t.QuerySelectorAll("tbody tr")).Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()));
        Assert.Contains([monthName, "moins de 5", "moins de 5"], page.QuerySelectorAll("table").Where(t => t.QuerySelector("caption")!.TextContent.StartsWith("Voirie", StringComparison.Ordinal))
            .SelectMany(t => t.QuerySelectorAll("tbody tr")).Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()));
        var html = page.Body!.InnerHtml;
        Assert.DoesNotContain("lampadaire", html); // Gaillac's
        foreach (var personal in new[] { "Habitant", "LAV-2026", "GAI-2026" })
            Assert.DoesNotContain(personal, html);

        var json = await visitor.GetAsync("/transparence/donnees.json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var text = await json.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var data = JsonDocument.Parse(text);
        Assert.Equal("Lavaur", data.RootElement.GetProperty("commune").GetString());
        var civil = data.RootElement.GetProperty("demandes_par_famille_et_mois").EnumerateArray()
            .Single(f => f.GetProperty("famille").GetString() == "État civil et citoyenneté" && f.GetProperty("mois").GetString() == month.ToString("yyyy-MM"));
        Assert.Equal(6, civil.GetProperty("recues").GetInt32());
        var roads = data.RootElement.GetProperty("demandes_par_famille_et_mois").EnumerateArray()
            .Single(f => f.GetProperty("famille").GetString() == "Voirie, propreté et cadre de vie" && f.GetProperty("mois").GetString() == month.ToString("yyyy-MM"));
        Assert.Equal(JsonValueKind.Null, roads.GetProperty("recues").ValueKind);
        var birth = data.RootElement.GetProperty("delais_par_demarche").EnumerateArray().Single(t => t.GetProperty("demarche").GetString() == "Demander un acte de naissance");
        Assert.Equal(3.5, birth.GetProperty("delai_median_jours").GetDouble());
        Assert.Equal(5.5, birth.GetProperty("delai_90e_centile_jours").GetDouble());
        foreach (var personal in new[] { "Habitant", "LAV-2026", "lampadaire" })
            Assert.DoesNotContain(personal, text);

        var csv = await visitor.GetAsync("/transparence/donnees.csv");
        var lines = (await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal("Rubrique;Famille;Démarche;Mois;Indicateur;Valeur;Note", lines[0]);
        Assert.Contains($"Demandes par famille et par mois;État civil et citoyenneté;;{month:yyyy-MM};Demandes reçues;6;", lines);
        Assert.Contains($"Demandes par famille et par mois;Voirie, propreté et cadre de vie;;{month:yyyy-MM};Demandes reçues;;moins de 5, non publié", lines);
        Assert.Contains(lines, l => l.StartsWith("Délais par démarche;État civil et citoyenneté;Demander un acte de naissance;", StringComparison.Ordinal) && l.EndsWith(";Délai médian (jours);3,5;", StringComparison.Ordinal));

        // Gaillac, after Lavaur's pages were cached: its own figures only.
        using var gaillacVisitor = env.Session("gaillac.localhost");
        var gaillac = await gaillacVisitor.PageAsync("/transparence");
        Assert.Equal([["Signaler un lampadaire en panne", "Voirie, propreté et cadre de vie", "7", "1,0\u00A0j", "1,0\u00A0j"]], DashboardFiguresTests.Rows(gaillac, "#tableau-delais"));
        var gaillacJson = await gaillacVisitor.GetAsync("/transparence/donnees.json");
        Assert.DoesNotContain("acte de naissance", await gaillacJson.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static void Done(ServiceRequest r, DateTimeOffset received, DateTimeOffset done)
    {
        r.ReceivedAt = received;
        r.Reached(RequestStatus.Resolved, done);
        r.ContactName = "Habitant Témoin";
    }
}
