using System.IO.Compression;
using System.Net;
using System.Text;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Operator;

/// <summary>A town's page in the console (/communes/{slug}): each action as an administrator does it, and what residents then see.</summary>
public sealed class TownLifecycleTests(PostgresFixture postgres) : IAsyncDisposable
{
    private readonly string _exports = Path.Combine(Path.GetTempPath(), "grccloud-exports-" + Guid.NewGuid().ToString("N"));

    private Task<IdentityPlatform> StartAsync() =>
        IdentityPlatform.StartAsync(postgres, settings: new Dictionary<string, string?> { ["GrcCloud:Exports:Path"] = _exports });

    [Fact]
    public async Task An_administrator_suspends_a_town_with_a_reason_then_resumes_it_and_residents_see_each_state()
    {
        await using var env = await StartAsync();
        using var admin = await OperatorTests.SignedInOperatorAsync(env, "admin@grccloud.example");
        using var portal = env.Platform.ClientFor("lavaur.localhost");

        var noReason = await Html.ParseAsync(await admin.SubmitAsync("/communes/lavaur", new Dictionary<string, string> { ["suspendReason"] = " " }, Form("Suspend")));
        Assert.Contains("Indiquez le motif de la suspension", noReason.Text(".error-summary"));
        Assert.Equal("suspendReason-aide suspendReason-erreur", noReason.QuerySelector("#suspendReason")!.GetAttribute("aria-describedby"));
        Assert.Contains("Indiquez le motif de la suspension", noReason.Text("#suspendReason-erreur"));
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);

        var suspended = await admin.SubmitAsync("/communes/lavaur", new Dictionary<string, string> { ["suspendReason"] = "Facture impayée" }, Form("Suspend"));
        Assert.Equal("/communes/lavaur?fait=suspendue", suspended.Headers.Location?.OriginalString);
        var page = await Html.ParseAsync(await admin.FollowAsync(suspended));
        Assert.Contains("Commune suspendue", page.Text("[role=status]"));
        Assert.Equal("Suspendue — motif : Facture impayée", page.Text("#town-status"));
        await env.Platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Suspended);
        var closed = await portal.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
        var closedPage = await Html.ParseAsync(closed);
        Assert.Equal("Portail momentanément suspendu", closedPage.Text("h1"));
        Assert.Contains("Vos demandes et vos données sont conservées", closedPage.Text("main"));
        Assert.DoesNotContain("impayée", closedPage.Text("main")); // the vendor's reason is the console's

        var resumed = await admin.FollowAsync(await admin.SubmitAsync("/communes/lavaur", new Dictionary<string, string>(), Form("Resume")));
        Assert.Contains("Commune remise en service", (await Html.ParseAsync(resumed)).Text("[role=status]"));
        await env.Platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Active);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);

        var journal = await JournalAsync(env, "lavaur");
        Assert.Contains(journal, e => e.Action == "commune-suspendue" && e.OperatorEmail == "admin@grccloud.example" && e.Details == "motif : Facture impayée");
        Assert.Contains(journal, e => e.Action == "commune-remise-en-service" && e.OperatorEmail == "admin@grccloud.example");
        Assert.Contains("Suspension d'une commune", (await admin.PageAsync("/journal")).Text("main"));
    }

    [Fact]
    public async Task Details_are_edited_with_messages_next_to_the_fields_and_custom_domains_serve_the_town_unless_another_town_has_them()
    {
        await using var env = await StartAsync();
        using var admin = await OperatorTests.SignedInOperatorAsync(env, "admin@grccloud.example");

        var badSiret = await Html.ParseAsync(await admin.SubmitAsync("/communes/lavaur", Edit("Lavaur", "21810140400012", "01 02"), Form("Edit")));
        Assert.Contains("clé de contrôle incorrecte", badSiret.Text("#edit_Siret-erreur"));
        Assert.Contains("numéro de téléphone", badSiret.Text("#edit_ContactPhone-erreur"));
        Assert.Equal("21810140400012", badSiret.QuerySelector("#edit_Siret")!.GetAttribute("value")); // what was typed stays
        var saved = await Html.ParseAsync(await admin.FollowAsync(await admin.SubmitAsync("/communes/lavaur", Edit("Ville de Lavaur", "21810140400018", "05 63 83 12 12"), Form("Edit"))));
        Assert.Contains("Informations de la commune enregistrées", saved.Text("[role=status]"));
        Assert.Equal("Ville de Lavaur", saved.Text("h1"));
        Assert.Contains("21810140400018", saved.Text(".facts"));
        Assert.Contains("05 63 83 12 12", saved.Text(".facts"));

        var added = await admin.FollowAsync(await admin.SubmitAsync("/communes/lavaur", new Dictionary<string, string> { ["newHost"] = "Démarches-Lavaur.fr" }, Form("AddHost")));
        Assert.Contains("Domaine ajouté", (await Html.ParseAsync(added)).Text("[role=status]"));
        await env.Platform.WaitForRegistryAsync(r => r.FindByHost("xn--dmarches-lavaur-bnb.fr") is not null);
        using (var custom = env.Platform.ClientFor("xn--dmarches-lavaur-bnb.fr"))
        {
            var home = await custom.GetAsync("/", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains("Ville de Lavaur", (await Html.ParseAsync(home)).Text("header"));
        }
        Assert.Contains("http://xn--dmarches-lavaur-bnb.fr:" + env.Platform.Port + "/connexion/franceconnect/retour", (await admin.PageAsync("/communes/lavaur")).Text(".fc-redirects"));

        foreach (var (host, message) in new[]
        {
            ("xn--dmarches-lavaur-bnb.fr", "déjà celui d'une autre commune"),
            ("mairie.localhost", "sous celui de la plateforme"),
            ("pas un domaine", "n'est pas valide"),
        })
        {
            var refused = await Html.ParseAsync(await admin.SubmitAsync("/communes/gaillac", new Dictionary<string, string> { ["newHost"] = host }, Form("AddHost")));
            Assert.Contains(message, refused.Text("#newHost-erreur"));
            Assert.Contains("newHost-erreur", refused.QuerySelector("#newHost")!.GetAttribute("aria-describedby"));
        }
        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            Assert.Equal(["xn--dmarches-lavaur-bnb.fr"], await db.TenantHosts.Select(h => h.Host).ToListAsync(TestContext.Current.CancellationToken));
        }

        await admin.SubmitAsync("/communes/lavaur", new Dictionary<string, string>(), Form("RemoveHost"));
        await env.Platform.WaitForRegistryAsync(r => r.FindByHost("xn--dmarches-lavaur-bnb.fr") is null);
        using (var removed = env.Platform.ClientFor("xn--dmarches-lavaur-bnb.fr"))
            Assert.Equal(HttpStatusCode.NotFound, (await removed.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
        var journal = await JournalAsync(env, "lavaur");
        Assert.Contains(journal, e => e.Action == "commune-modifiee" && e.Details!.Contains("SIRET", StringComparison.Ordinal));
        Assert.Contains(journal, e => e.Action == "domaine-ajoute" && e.Details == "xn--dmarches-lavaur-bnb.fr");
        Assert.Contains(journal, e => e.Action == "domaine-retire");
    }

    [Fact]
    public async Task FranceConnect_credentials_are_saved_and_the_page_shows_the_environment_never_the_secret()
    {
        await using var env = await StartAsync();
        using var admin = await OperatorTests.SignedInOperatorAsync(env, "admin@grccloud.example");
        const string Secret = "un-secret-tres-confidentiel-0123456789";

        var missing = await Html.ParseAsync(await admin.SubmitAsync("/communes/gaillac", new Dictionary<string, string> { ["fcEnvironment"] = "sandbox", ["fcClientId"] = "gaillac-client" }, Form("FranceConnect")));
        Assert.Contains("Indiquez le secret client", missing.Text("#fcClientSecret-erreur"));

        var saved = await admin.FollowAsync(await admin.SubmitAsync("/communes/gaillac",
            new Dictionary<string, string> { ["fcEnvironment"] = "sandbox", ["fcClientId"] = "gaillac-client", ["fcClientSecret"] = Secret }, Form("FranceConnect")));
        var html = await saved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(saved);
        Assert.Contains("Identifiants FranceConnect enregistrés", page.Text("[role=status]"));
        Assert.Equal("Bac à sable FranceConnect (intégration)", page.Text("#fc-environment"));
        Assert.Equal("Enregistré (chiffré, jamais affiché)", page.Text("#fc-secret"));
        Assert.DoesNotContain(Secret, html);
        Assert.Null(page.QuerySelector("#fcClientSecret")!.GetAttribute("value"));
        Assert.Contains($"http://gaillac.localhost:{env.Platform.Port}/deconnexion/franceconnect/retour", page.Text(".fc-redirects"));

        // Changing the environment alone keeps the secret.
        await admin.SubmitAsync("/communes/gaillac", new Dictionary<string, string> { ["fcEnvironment"] = "production", ["fcClientId"] = "gaillac-client" }, Form("FranceConnect"));
        Assert.Equal("Production", (await admin.PageAsync("/communes/gaillac")).Text("#fc-environment"));
        var journal = await JournalAsync(env, "gaillac");
        Assert.Equal(2, journal.Count(e => e.Action == "franceconnect-modifie"));
        Assert.DoesNotContain(journal, e => e.Details!.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_closes_the_portal_keeps_an_export_of_the_towns_data_only_and_purging_waits_for_the_delay_and_the_typed_slug()
    {
        await using var env = await StartAsync();
        using var admin = await OperatorTests.SignedInOperatorAsync(env, "admin@grccloud.example");
        await AddRequestAsync(env, "lavaur", "LAV-2026-000042", withAttachment: true);
        await AddRequestAsync(env, "gaillac", "GAI-2026-000007", withAttachment: false);

        var cancelled = await admin.SubmitAsync("/communes/lavaur", new Dictionary<string, string> { ["cancelReason"] = "Fin du contrat" }, Form("Cancel"));
        var page = await Html.ParseAsync(await admin.FollowAsync(cancelled));
        Assert.Contains("Commune résiliée", page.Text("[role=status]"));
        Assert.Equal("Résiliée — motif : Fin du contrat", page.Text("#town-status"));
        await env.Platform.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Cancelled);
        using (var portal = env.Platform.ClientFor("lavaur.localhost"))
        {
            var gone = await portal.GetAsync("/", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Equal("Portail fermé", (await Html.ParseAsync(gone)).Text("h1"));
        }

        // The export: one readable zip and one PostgreSQL archive, on disk, listed on the page.
        var files = Directory.GetFiles(Path.Combine(_exports, "lavaur"));
        Assert.Contains(files, f => f.EndsWith("-donnees.zip", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("-schema.dump", StringComparison.Ordinal) && new FileInfo(f).Length > 0);
        Assert.Contains("CSV et pièces jointes", page.Text("#exports-caption + thead + tbody"));
        var link = page.QuerySelectorAll("table a").Single(a => a.TextContent.EndsWith(".zip", StringComparison.Ordinal)).GetAttribute("href")!;
        var download = await admin.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using (var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken))))
        {
            var requests = ReadEntry(zip, "requests.csv");
            Assert.StartsWith("\uFEFF", requests, StringComparison.Ordinal);
            Assert.StartsWith("\uFEFFid;reference;", requests, StringComparison.Ordinal);
            Assert.Contains("LAV-2026-000042", requests);
            Assert.DoesNotContain("GAI-2026-000007", requests);
            Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("GAI-", StringComparison.Ordinal));
            Assert.DoesNotContain("password_hash", ReadEntry(zip, "users.csv"));
            var attachment = zip.Entries.Single(e => e.FullName.StartsWith("pieces-jointes/LAV-2026-000042/", StringComparison.Ordinal));
            Assert.EndsWith(".pdf", attachment.FullName, StringComparison.Ordinal);
        }

        // Purging: refused before the retention delay, even with the slug typed.
        Assert.Contains("Le délai de conservation court jusqu'au", page.Text("#purge-refusal"));
        var early = await Html.ParseAsync(await admin.PostAsync("/communes/lavaur?handler=Purge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["purgeConfirmation"] = "lavaur", ["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        })));
        Assert.Contains("Le délai de conservation court jusqu'au", early.Text(".error-summary"));
        Assert.True(await SchemaExistsAsync(env, "t_lavaur"));

        // The delay has passed: the typed slug is still required.
        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            await db.Tenants.Where(t => t.Slug == "lavaur").ExecuteUpdateAsync(s => s.SetProperty(t => t.PurgeAfter, DateTimeOffset.UtcNow.AddMinutes(-1)), TestContext.Current.CancellationToken);
        }
        var wrong = await Html.ParseAsync(await admin.SubmitAsync("/communes/lavaur", new Dictionary<string, string> { ["purgeConfirmation"] = "gaillac" }, Form("Purge")));
        Assert.Contains("saisissez exactement l'identifiant de la commune : lavaur", wrong.Text("#purgeConfirmation-erreur"));
        Assert.True(await SchemaExistsAsync(env, "t_lavaur"));

        var purged = await Html.ParseAsync(await admin.FollowAsync(await admin.SubmitAsync("/communes/lavaur", new Dictionary<string, string> { ["purgeConfirmation"] = "lavaur" }, Form("Purge"))));
        Assert.Contains("Données de la commune supprimées définitivement", purged.Text("[role=status]"));
        Assert.False(await SchemaExistsAsync(env, "t_lavaur"));
        Assert.True(await SchemaExistsAsync(env, "t_gaillac"));
        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var town = await db.Tenants.SingleAsync(t => t.Slug == "lavaur", TestContext.Current.CancellationToken);
            Assert.Equal(TenantStatus.Cancelled, town.Status);
            Assert.NotNull(town.PurgedAt);
        }
        Assert.Contains("supprimées le", purged.Text(".facts"));
        Assert.True(File.Exists(files.Single(f => f.EndsWith(".zip", StringComparison.Ordinal)))); // the export outlives the schema
        var journal = await JournalAsync(env, "lavaur");
        Assert.Contains(journal, e => e.Action == "commune-resiliee" && e.Details!.StartsWith("motif : Fin du contrat", StringComparison.Ordinal));
        Assert.Contains(journal, e => e.Action == "commune-exportee");
        Assert.Contains(journal, e => e.Action == "export-telecharge");
        Assert.Contains(journal, e => e.Action == "commune-purgee" && e.Details == "schéma t_lavaur supprimé");
    }

    [Fact]
    public async Task Support_and_billing_operators_read_the_town_page_but_every_action_answers_403()
    {
        await using var env = await StartAsync();
        using var admin = await OperatorTests.SignedInOperatorAsync(env, "admin@grccloud.example");
        using var billing = await OperatorTests.SignedInOperatorAsync(env, "facturation@grccloud.example", "facturation");
        using var support = await OperatorTests.SignedInOperatorAsync(env, "support@grccloud.example", "support");

        foreach (var reader in new[] { billing, support })
        {
            var page = await reader.PageAsync("/communes/lavaur");
            Assert.Equal("Lavaur", page.Text("h1"));
            Assert.Contains("Lecture seule", page.Text("main"));
            Assert.Null(page.QuerySelector("main form[method=post]"));
            var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            foreach (var handler in new[] { "Suspend", "Cancel", "AddHost", "Edit", "Export", "Purge" })
            {
                var forged = await reader.PostAsync($"/communes/lavaur?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["suspendReason"] = "x", ["cancelReason"] = "x", ["newHost"] = "x.example.fr", ["edit.Name"] = "X", ["purgeConfirmation"] = "lavaur", ["__RequestVerificationToken"] = token,
                }));
                Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/communes/albi")).StatusCode);
        await using var scope = env.Platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var lavaur = await db.Tenants.Include(t => t.Hosts).SingleAsync(t => t.Slug == "lavaur", TestContext.Current.CancellationToken);
        Assert.Equal((TenantStatus.Active, "Lavaur", 0), (lavaur.Status, lavaur.Name, lavaur.Hosts.Count));
        Assert.Empty(await db.TownExports.ToListAsync(TestContext.Current.CancellationToken));
    }

    internal static string Form(string handler) => $"main form[action*='handler={handler}']";

    private static Dictionary<string, string> Edit(string name, string siret, string phone) => new()
    {
        ["edit.Name"] = name, ["edit.Siret"] = siret, ["edit.AddressLine"] = "Place du Maréchal Foch", ["edit.PostalCode"] = "81500", ["edit.City"] = "Lavaur",
        ["edit.ContactPhone"] = phone, ["edit.ContactEmail"] = "contact@mairie-lavaur.example", ["edit.ContactAddress"] = "Place du Maréchal Foch, 81500 Lavaur",
        ["edit.AreaSouth"] = "43,64", ["edit.AreaWest"] = "1.73", ["edit.AreaNorth"] = "43.76", ["edit.AreaEast"] = "1.91",
    };

    private static string ReadEntry(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        return reader.ReadToEnd();
    }

    internal static async Task<List<OperatorAuditEntry>> JournalAsync(IdentityPlatform env, string slug)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OperatorAudit.Where(e => e.TownSlug == slug).OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<bool> SchemaExistsAsync(IdentityPlatform env, string schema)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM information_schema.schemata WHERE schema_name = {schema}").SingleAsync(TestContext.Current.CancellationToken) == 1;
    }

    internal static async Task AddRequestAsync(IdentityPlatform env, string slug, string reference, bool withAttachment)
    {
        await env.Platform.InTownAsync(slug, async services =>
        {
            var db = services.GetRequiredService<TenantDbContext>();
            var theme = await db.Themes.OrderBy(t => t.Slug).FirstAsync(TestContext.Current.CancellationToken);
            var request = new ServiceRequest
            {
                Id = Guid.CreateVersion7(), Reference = reference, ThemeId = theme.Id, ThemeTitle = theme.Title, ServiceId = theme.ServiceId,
                ReceivedAt = DateTimeOffset.UtcNow, SubmissionKey = Guid.NewGuid(), DueOn = DateOnly.FromDateTime(DateTime.UtcNow),
            };
            db.Requests.Add(request);
            if (withAttachment)
            {
                db.RequestAttachments.Add(new RequestAttachment
                {
                    Id = Guid.CreateVersion7(), RequestId = request.Id, FileName = "plan.pdf", ContentType = "application/pdf", Size = 9,
                    Content = "%PDF-1.4\n"u8.ToArray(), UploadedAt = DateTimeOffset.UtcNow,
                });
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_exports))
            Directory.Delete(_exports, recursive: true);
        return ValueTask.CompletedTask;
    }
}
