using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GrcCloud.BrowserTests;

/// <summary>
/// An agent's open queue in Chromium: a request a resident sends (over HTTP) appears at the top of
/// the table without reload and is announced in the page's live region (notifications not allowed);
/// the queue and the counter form pass axe-core.
/// </summary>
public sealed partial class LiveNotificationBrowserTests(IdentityPlatformFixture identity) : IClassFixture<IdentityPlatformFixture>
{
    private const string Password = "mot de passe des agents";

    [Fact]
    public async Task A_new_request_of_the_agents_service_appears_in_the_open_queue_without_reload_is_announced_and_counted()
    {
        await CreateAgentAsync("lumiere@lavaur.example", "voirie");
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await SignInAsync(page, "lumiere@lavaur.example");
        await page.GotoAsync(identity.Url("/agents/file?onglet=non-attribuees"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Demandes");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "file des demandes");
        var before = await page.Locator("table.queue tbody tr").CountAsync();
        var unassignedCount = page.Locator(".queue-tabs [data-count='non-attribuees']");
        var unassignedBefore = int.Parse((await unassignedCount.TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        // The agent's home, open in another tab, counts too.
        var home = await context.NewPageAsync();
        await home.GotoAsync(identity.Url("/agents"));
        await Expect(home.Locator("[data-count='non-attribuees']")).ToHaveTextAsync(unassignedBefore.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var reference = await SubmitStreetLightAsync();

        var row = page.Locator($"#demande-{reference}");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("table.queue tbody tr").First).ToHaveAttributeAsync("data-reference", reference);
        await Expect(row).ToContainTextAsync("Signaler un lampadaire en panne");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Services techniques – voirie et éclairage");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Nouvelle demande" }))
            .ToContainTextAsync($"Nouvelle demande {reference} : Signaler un lampadaire en panne");
        Assert.Equal(before + 1, await page.Locator("table.queue tbody tr").CountAsync());
        // The tabs' counts follow without a reload.
        await Expect(page.Locator(".queue-tabs a", new() { HasText = "Non attribuées" })).ToContainTextAsync($"({unassignedBefore + 1})");
        var after = unassignedBefore + 1;
        await Expect(page.Locator("#queue-caption")).ToContainTextAsync($"Non attribuées : {after} {(after == 1 ? "demande" : "demandes")}");
        await Expect(home.Locator("[data-count='non-attribuees']")).ToHaveTextAsync((unassignedBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_counter_form_passes_axe_and_shows_its_errors_next_to_the_fields()
    {
        await CreateAgentAsync("guichet@lavaur.example", "cabinet-du-maire");
        var (context, page) = await identity.NewPageAsync();
        await using var _ = context;
        await SignInAsync(page, "guichet@lavaur.example");
        await page.GotoAsync(identity.Url("/agents/saisie"));
        await page.GetByLabel("Démarche").SelectOptionAsync(new SelectOptionValue { Label = "Signaler un lampadaire en panne" });
        await page.GetByLabel("À l'accueil de la mairie").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la demande" })).ToBeVisibleAsync();
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "saisie au guichet");

        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la demande" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#contact_nom-erreur")).ToContainTextAsync("Indiquez le nom de la personne");
        await PageChecks.AssertNoSeriousAxeViolationAsync(page, "saisie au guichet avec erreurs");
    }

    private async Task CreateAgentAsync(string email, string service)
    {
        await using var scope = identity.Platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TownUser>>();
        var agent = new TownUser
        {
            Id = Guid.CreateVersion7(), Kind = UserKind.Agent, UserName = email, Email = email, EmailConfirmed = true,
            GivenName = "Agent", FamilyName = service, CreatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True((await users.CreateAsync(agent, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(agent, AgentRoles.Agent)).Succeeded);
        db.AgentServices.Add(new AgentServiceMembership { UserId = agent.Id, ServiceId = (await db.Services.SingleAsync(s => s.Slug == service)).Id });
        await db.SaveChangesAsync();
    }

    private async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(identity.Url("/agents/connexion"));
        await page.GetByLabel("Adresse électronique professionnelle").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(identity.Url("/agents"));
    }

    /// <summary>A resident's street-light report, sent over HTTP (anti-forgery cookie and token), as a browser elsewhere would.</summary>
    private async Task<string> SubmitStreetLightAsync()
    {
        const string form = "/demarches/lampadaire-en-panne/formulaire";
        var port = identity.Platform.Port;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = new Uri(identity.Url("/")) };
        var html = await client.GetStringAsync(form);
        var posted = await client.PostAsync(form, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value,
            ["submission"] = Guid.CreateVersion7().ToString(),
            ["f.adresse"] = "Rue Villeneuve, devant le numéro 12",
            ["f.nature_panne"] = "Éteint en permanence",
            ["f.nombre_lampadaires"] = "1",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return posted.Headers.Location!.OriginalString.Split('/')[2];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
