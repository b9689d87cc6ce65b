using System.Net;
using System.Text;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Queues;
using static GrcCloud.Tests.Statistics.StatisticsData;

namespace GrcCloud.Tests.Statistics;

/// <summary>
/// Who reads what: elected officials the whole town without any personal data, heads of service their
/// services, the mayor's office everything; agents, residents and visitors nothing. The CSV exports
/// open in a French spreadsheet (BOM, ";", decimal comma, dd/MM/yyyy HH:mm Paris) and never run a formula.
/// </summary>
public sealed class StatisticsAccessTests(PostgresFixture postgres)
{
    private static readonly string[] PersonalData = ["Dupont", "jeanne.dupont", "=1+2", "registre", "Paul Agent"];

    [Fact]
    public async Task Each_reader_sees_the_figures_and_exports_their_rights_allow()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await SeedAsync(env.Platform);
        using var mayor = await BackOffice.AgentAsync(env.Platform, "lavaur", "cabinet@lavaur.example", AgentRoles.Supervisor);
        using var elected = await BackOffice.AgentAsync(env.Platform, "lavaur", "elue@lavaur.example", AgentRoles.ElectedOfficial);
        using var head = await BackOffice.AgentAsync(env.Platform, "lavaur", "chef@lavaur.example", AgentRoles.HeadOfService, "voirie");
        using var agent = await BackOffice.AgentAsync(env.Platform, "lavaur", "agent@lavaur.example", AgentRoles.Agent, "voirie");

        // The elected official: the whole town, and no name, address, free text or agent anywhere.
        var electedPage = await elected.PageAsync($"/agents/statistiques?{Period}");
        Assert.Equal("11", DashboardFiguresTests.Rows(electedPage, "#chiffres-cles")[0][1]);
        Assert.Contains("Statistiques", electedPage.QuerySelector(".agent-nav")!.TextContent);
        var electedList = await CsvAsync(elected, $"/agents/statistiques/demandes.csv?{Period}");
        Assert.Equal("Référence;Reçue le;Canal;Famille;Démarche;Service;Statut;Échéance;Terminée le;Délai (jours);Dans le délai prévu;En retard", electedList[0]);
        Assert.Equal(12, electedList.Length); // 11 requests of the period
        var electedFigures = string.Join('\n', await CsvAsync(elected, $"/agents/statistiques/chiffres.csv?{Period}"));
        foreach (var text in PersonalData)
        {
            Assert.DoesNotContain(text, electedPage.Body!.InnerHtml);
            Assert.DoesNotContain(text, string.Join('\n', electedList));
            Assert.DoesNotContain(text, electedFigures);
        }
        Assert.Contains("LAV-2026-900001;31/01/2026 23:30;en ligne;État civil et citoyenneté;Demander un acte de naissance;État civil;Traitée;10/02/2026;01/02/2026 00:15;0;oui;non", electedList);

        // The head of voirie: R2, R3, R4, R8, R9, R11 only, with contacts and internal notes.
        var headPage = await head.PageAsync($"/agents/statistiques?{Period}");
        Assert.Equal(["Demandes reçues", "6", "1", "+500\u00A0%"], DashboardFiguresTests.Rows(headPage, "#chiffres-cles")[0]);
        Assert.Equal(["Services techniques – voirie et éclairage"], DashboardFiguresTests.Rows(headPage, "#tableau-services").Select(r => r[0]));
        var headList = await CsvAsync(head, $"/agents/statistiques/demandes.csv?{Period}");
        Assert.EndsWith(";Demandeur;Courriel;Téléphone;Agent en charge;Réponses du formulaire;Notes internes", headList[0]);
        Assert.Equal([Ref(8), Ref(2), Ref(3), Ref(11), Ref(4), Ref(9)], headList.Skip(1).Select(l => l.Split(';')[0]));
        // A contact name that starts a formula is written as text; the delay of R3 (47 h) is 2 days with a decimal comma when needed.
        Assert.Contains("LAV-2026-900003;28/03/2026 12:00;en ligne;Voirie, propreté et cadre de vie;Signaler un lampadaire en panne;Services techniques – voirie et éclairage;Traitée;01/04/2026;30/03/2026 12:00;2;oui;non;'=1+2;jeanne.dupont@exemple.fr;;;;", headList);

        // The mayor's office: every request with contacts and internal notes; R12's 36 h read 1,5.
        var mayorList = await CsvAsync(mayor, $"/agents/statistiques/demandes.csv?periode=annee&annee=2025");
        Assert.Contains(mayorList, l => l.StartsWith("LAV-2026-900012;31/12/2025 23:30;en ligne;", StringComparison.Ordinal) && l.Contains(";1,5;oui;non;Jeanne Dupont;", StringComparison.Ordinal));
        var mayorJanuary = await CsvAsync(mayor, $"/agents/statistiques/demandes.csv?periode=mois&mois=2026-01");
        Assert.EndsWith("Jeanne Dupont;jeanne.dupont@exemple.fr;;;;01/02/2026 00:15 Paul Agent: Voir le registre de 1987 à l'annexe", Assert.Single(mayorJanuary.Skip(1)));
        var figures = await CsvAsync(mayor, $"/agents/statistiques/chiffres.csv?{Period}");
        Assert.Equal("Rubrique;Libellé;Mesure;Période étudiée (du 1 janvier 2026 au 30 novembre 2026);Période précédente (du 1 février 2025 au 31 décembre 2025)", figures[0]);
        Assert.Contains("Ensemble;Demandes reçues;Demandes reçues;11;2", figures);
        Assert.Contains("Délais;Toutes les demandes;Délai moyen (jours);4,3;4", figures);
        Assert.Contains("Délais;Toutes les demandes;Part terminée dans le délai prévu (%);75;100", figures);
        Assert.Contains("Par mois;mars 2026;Demandes reçues;2;", figures);

        // Everyone else: nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.FollowAsync(await agent.GetAsync($"/agents/statistiques?{Period}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.FollowAsync(await agent.GetAsync($"/agents/statistiques/demandes.csv?{Period}"))).StatusCode);
        Assert.DoesNotContain("Statistiques", (await agent.PageAsync("/agents")).QuerySelector(".agent-nav")!.TextContent);
        using var visitor = env.Session();
        var anonymous = await visitor.GetAsync($"/agents/statistiques/demandes.csv?{Period}");
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.DoesNotContain("Dupont", await anonymous.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await BackOffice.ResidentAsync(env.Platform, "lavaur", "habitant@exemple.fr", "Henri", "Habitant");
        using var resident = env.Session();
        await ResidentAccountTests.SignInAsync(resident, "habitant@exemple.fr", TownAccounts.Password);
        foreach (var url in new[] { $"/agents/statistiques?{Period}", $"/agents/statistiques/chiffres.csv?{Period}", $"/agents/statistiques/demandes.csv?{Period}" })
        {
            var response = await resident.GetAsync(url);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("Dupont", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        // A session of Lavaur is nothing on Gaillac.
        var elsewhere = new WebSession(env.Platform, "gaillac.localhost", mayor.Cookies);
        Assert.NotEqual(HttpStatusCode.OK, (await elsewhere.GetAsync($"/agents/statistiques?{Period}")).StatusCode);
    }

    /// <summary>The file as a spreadsheet reads it: UTF-8 with its byte order mark, CRLF lines.</summary>
    private static async Task<string[]> CsvAsync(WebSession session, string url)
    {
        var response = await session.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text);
        return text[..^2].Split("\r\n");
    }
}
