using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// The back-office for a full working day, in Chromium: every page a supervisor, an agent and an
/// elected official reach from their home (found by following the links, not listed by hand) passes
/// axe-core and reads at 320 px; the queue's dates are compact; the official decides with the visit
/// report, its photo and the place on a map, and is not offered as a visitor; the resident follows the
/// steps of her request live and sees its place on a map, not coordinates.
/// </summary>
[Collection(BackOfficeCollection.Name)]
public sealed partial class BackOfficeDailyWorkBrowserTests(IdentityPlatformFixture identity)
{
    private readonly BackOfficePeople _people = new(identity);

    [Fact]
    public async Task Every_back_office_page_a_supervisor_an_agent_or_an_official_reaches_passes_axe_and_reads_at_320_px()
    {
        var reference = await _people.ReportAsync("toutes.pages@exemple.fr", "Impasse des Tilleuls");
        var checkedPages = new List<string>();
        foreach (var (email, role, service) in new[] { ("pages.superviseur@lavaur.example", "supervisor", (string?)null), ("pages.agent@lavaur.example", "agent", "voirie"), ("pages.elue@lavaur.example", "elected", null) })
        {
            var (context, page) = await _people.AgentAsync(email, role, service);
            await using var _ = context;
            foreach (var path in await ReachablePagesAsync(page, ["/agents", $"/agents/demandes/{reference}"]))
            {
                var response = await page.GotoAsync(identity.Url(path));
                if (response?.Status == 403 && path.StartsWith("/agents/demandes/", StringComparison.Ordinal))
                    continue; // the official does not belong to the request's service
                Assert.True(response?.Ok, $"{role} {path} : {response?.Status}");
                await PageChecks.AssertNoSeriousAxeViolationAsync(page, $"{path} ({role})");
                await BackOfficePeople.AssertReflowsAsync(page, $"{path} ({role})");
                checkedPages.Add($"{role} {path}");
            }
        }
        // The crawl did find the pages of each area, not just the homes.
        foreach (var expected in new[] { "supervisor /agents/journal", "supervisor /agents/catalogue", "supervisor /agents/comptes", "supervisor /agents/statistiques",
                     $"agent /agents/demandes/{reference}", "agent /agents/saisie", "elected /agents/validations" })
            Assert.Contains(expected, checkedPages);
    }

    [Fact]
    public async Task The_queue_shows_each_date_on_one_line_with_the_full_date_in_its_title_and_the_journal_in_words()
    {
        var reference = await _people.ReportAsync("dates.courtes@exemple.fr", "Rue du Port, devant le 3");
        var (context, page) = await _people.AgentAsync("dates.superviseur@lavaur.example", "supervisor");
        await using var _ = context;
        await page.GotoAsync(identity.Url("/agents/file?onglet=toutes"));
        var received = page.Locator($"#demande-{reference} time").First;
        await Expect(received).ToHaveTextAsync(CompactDate());
        await Expect(received).ToHaveAttributeAsync("title", FullDate());
        await Expect(received).ToHaveAttributeAsync("datetime", MachineDate());
        var height = await received.EvaluateAsync<double>("e => e.getBoundingClientRect().height");
        var line = await received.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight)");
        Assert.True(height < line * 1.5, $"la date tient sur une ligne ({height} px pour {line} px de ligne)");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Espace des agents" }).GetByRole(AriaRole.Link, new() { Name = "Demandes", Exact = true }))
            .ToHaveAttributeAsync("aria-current", "page");

        await page.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await page.GotoAsync(identity.Url($"/agents/journal?objet={reference}"));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = reference }).First).ToContainTextAsync("Demande consultée");
        await Expect(page.Locator("tbody")).Not.ToContainTextAsync("request.viewed");
    }

    [Fact]
    public async Task The_official_decides_with_the_visit_report_its_photo_and_the_place_on_a_map_and_is_not_offered_as_a_visitor()
    {
        await identity.Platform.CreateAgentAsync("lavaur", "visiteur@lavaur.example", "agent", ["voirie"], "Victor", "Visiteur");
        var (officialContext, official) = await _people.AgentAsync("elue.voirie@lavaur.example", "elected", "voirie");
        await using var ____ = officialContext;
        var (residentContext, resident) = await _people.ResidentAsync("carte.elue@exemple.fr");
        await using var ___ = residentContext;
        await residentContext.RouteAsync(url => !url.StartsWith(identity.Url("/"), StringComparison.Ordinal), route => route.AbortAsync());
        var reference = await ReportWithPointAsync(resident);
        var (context, supervisor) = await _people.AgentAsync("visites.superviseur@lavaur.example", "supervisor");
        await using var _ = context;
        await supervisor.GotoAsync(identity.Url($"/agents/demandes/{reference}"));

        // Planning the visit: a date-time picker; the service's elected official is not a visitor.
        await BackOfficePeople.UnfoldAsync(supervisor, "Programmer une visite sur place");
        var when = supervisor.GetByLabel("Date et heure de la visite");
        await Expect(when).ToHaveAttributeAsync("type", "datetime-local");
        var visitor = supervisor.GetByLabel("Agent qui fera la visite");
        await Expect(visitor.Locator("option", new() { HasText = "Victor Visiteur" })).ToHaveCountAsync(1);
        await Expect(visitor.Locator("option", new() { HasText = "Elue.voirie Agent" })).ToHaveCountAsync(0);
        await when.FillAsync(DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'09:30", System.Globalization.CultureInfo.InvariantCulture));
        await visitor.SelectOptionAsync(new SelectOptionValue { Label = "Victor Visiteur" });
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Programmer la visite" }).ClickAsync();
        await Expect(supervisor.GetByRole(AriaRole.Status).Filter(new() { HasText = "Visite sur place programmée." })).ToBeVisibleAsync();

        // The report is now the next step, an open form.
        await supervisor.GetByLabel("Constat").FillAsync("Trou de 40 cm, bord de chaussée effondré.");
        await supervisor.GetByLabel("Photos (JPEG, PNG ou PDF, 10 Mo au plus chacune) (facultatif)")
            .SetInputFilesAsync(new FilePayload { Name = "trou.png", MimeType = "image/png", Buffer = Png });
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le compte rendu" }).ClickAsync();
        await Expect(supervisor.GetByRole(AriaRole.Status).Filter(new() { HasText = "Compte rendu de visite enregistré." })).ToBeVisibleAsync();
        await BackOfficePeople.UnfoldAsync(supervisor, "Demander la validation d'un élu");
        await supervisor.GetByLabel("Élu", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Elue.voirie Agent" });
        await supervisor.GetByLabel("Décision à valider").FillAsync("Refaire tout le bord de chaussée ?");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Demander la validation" }).ClickAsync();
        await Expect(supervisor.GetByRole(AriaRole.Status).Filter(new() { HasText = "Validation demandée à Elue.voirie Agent." })).ToBeVisibleAsync();

        await officialContext.RouteAsync(url => !url.StartsWith(identity.Url("/"), StringComparison.Ordinal), route => route.AbortAsync());
        // From the request's page, the official is sent to decide on her validations page.
        await official.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await Expect(official.GetByRole(AriaRole.Main)).ToContainTextAsync("Votre validation est demandée pour cette demande");
        await PageChecks.AssertNoSeriousAxeViolationAsync(official, "demande vue par l'élue sollicitée");
        await official.GetByRole(AriaRole.Link, new() { Name = "décider sur la page des validations" }).ClickAsync();
        await Expect(official).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agents/validations#validation-"));
        var item = official.GetByRole(AriaRole.Article).Filter(new() { HasText = reference });
        await Expect(item).ToContainTextAsync("Trou de 40 cm, bord de chaussée effondré.");
        var photo = item.GetByRole(AriaRole.Img, new() { Name = "Photo de la visite 1 : trou.png" });
        await Expect(photo).ToBeVisibleAsync();
        await Expect(photo).ToHaveJSPropertyAsync("naturalWidth", 2); // the thumbnail loaded, though she is not of the service's staff
        await Expect(item.Locator("figcaption")).ToContainTextAsync("Emplacement : Devant la mairie");
        await Expect(item.GetByRole(AriaRole.Region, new() { Name = "Carte de l'emplacement (le lieu est décrit juste au-dessus)" })).ToBeVisibleAsync();
        await PageChecks.AssertNoSeriousAxeViolationAsync(official, "validations avec visite, photo et carte");
        await BackOfficePeople.AssertReflowsAsync(official, "validations avec visite, photo et carte");

        // The resident: steps, the current one marked, and the place on a map rather than coordinates.
        await resident.GotoAsync(identity.Url($"/mes-demandes/{reference}"));
        var steps = resident.GetByRole(AriaRole.List, new() { Name = "Avancement de la demande" });
        await Expect(steps.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(5);
        await Expect(steps.Locator("[aria-current=step]")).ToContainTextAsync("En cours");
        await Expect(steps.Locator("[aria-current=step]")).ToContainTextAsync("étape actuelle");
        await Expect(resident.Locator(".map-view")).ToBeVisibleAsync();
        await Expect(resident.GetByRole(AriaRole.Main)).Not.ToContainTextAsync("43.698900");
        await PageChecks.AssertNoSeriousAxeViolationAsync(resident, "demande de l'habitant avec étapes et carte");
        await BackOfficePeople.AssertReflowsAsync(resident, "demande de l'habitant avec étapes et carte");
    }

    [Fact]
    public async Task The_residents_steps_move_on_without_reload_when_an_agent_takes_the_request()
    {
        var (residentContext, resident) = await _people.ResidentAsync("etapes.direct@exemple.fr");
        await using var _ = residentContext;
        var reference = await BackOfficePeople.ReportPotholeAsync(resident, "Allée des Platanes");
        await resident.GotoAsync(identity.Url($"/mes-demandes/{reference}"));
        var current = resident.GetByRole(AriaRole.List, new() { Name = "Avancement de la demande" }).Locator("[aria-current=step]");
        await Expect(current).ToContainTextAsync("Reçue");

        var (agentContext, agent) = await _people.AgentAsync("etapes.agent@lavaur.example", "agent", "voirie");
        await using var __ = agentContext;
        await agent.GotoAsync(identity.Url($"/agents/demandes/{reference}"));
        await agent.GetByRole(AriaRole.Button, new() { Name = "Prendre cette demande" }).ClickAsync();
        await Expect(agent.GetByRole(AriaRole.Status).Filter(new() { HasText = "Vous avez pris cette demande." })).ToBeVisibleAsync();

        await Expect(current).ToContainTextAsync("Prise en charge", new() { Timeout = 15_000 });
    }

    /// <summary>The pothole form with a point typed in the fields (Lavaur's town hall) and a description.</summary>
    private async Task<string> ReportWithPointAsync(IPage page)
    {
        await page.GotoAsync(identity.Url(BackOfficePeople.PotholeForm));
        await page.GetByLabel("Latitude (facultatif)").FillAsync("43.698900");
        await page.GetByLabel("Longitude (facultatif)").FillAsync("1.819000");
        return await BackOfficePeople.ReportPotholeAsync(page, "Devant la mairie");
    }

    /// <summary>
    /// The back-office pages this person reaches by following links from <paramref name="seeds"/>: same
    /// site, under /agents, HTML pages only (no file, no export), without query strings (the same page
    /// filtered); at most 60.
    /// </summary>
    private async Task<IReadOnlyList<string>> ReachablePagesAsync(IPage page, string[] seeds)
    {
        var found = new List<string>();
        var queue = new Queue<string>(seeds);
        var seen = new HashSet<string>(seeds);
        while (queue.Count > 0 && found.Count < 60)
        {
            var path = queue.Dequeue();
            // Asked from the page open on the site (same cookies): an HTML page, not a file or an export?
            var type = await page.EvaluateAsync<string>("u => fetch(u, { redirect: 'manual' }).then(r => r.ok ? r.headers.get('content-type') || '' : '')", path);
            if (!type.StartsWith("text/html", StringComparison.Ordinal))
                continue;
            found.Add(path);
            await page.GotoAsync(identity.Url(path));
            var links = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('main a[href], nav a[href]')].map(a => a.getAttribute('href'))");
            foreach (var href in links.Where(h => h.StartsWith("/agents", StringComparison.Ordinal) && !h.Contains('?') && !h.Contains('#') && !h.Contains("/pieces/") && !h.EndsWith(".csv", StringComparison.Ordinal)))
                if (seen.Add(href))
                    queue.Enqueue(href);
        }
        return found;
    }

    /// <summary>A 2×2 PNG, enough for a thumbnail to load.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4EWoLRAwQCgAoEgVpuB3l1gAAAABJRU5ErkJggg==");

    [GeneratedRegex(@"^\d{2}/\d{2}/\d{2} \d{2}:\d{2}$")]
    private static partial Regex CompactDate();

    [GeneratedRegex(@"^\d{1,2} [^ ]+ \d{4} à \d{2}h\d{2}$")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$")]
    private static partial Regex MachineDate();
}
