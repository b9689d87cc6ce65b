using System.Net;
using System.Text.Json;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Operator;

/// <summary>Creating a town from the console: the form's checks, the job and its progress page, a failure and its retry, who may do it.</summary>
public sealed class TownCreationTests(PostgresFixture postgres)
{
    internal const string AlbiSiret = "21810040000009";

    internal static Dictionary<string, string> AlbiForm(string supervisor = "cabinet@albi.example") => new()
    {
        ["Name"] = "Albi",
        ["Slug"] = "albi",
        ["Insee"] = "81004",
        ["Siret"] = AlbiSiret,
        ["AddressLine"] = "16 rue de l'Hôtel de Ville",
        ["PostalCode"] = "81000",
        ["City"] = "Albi",
        ["SupervisorEmail"] = supervisor,
        ["Recipe"] = "_template",
        ["Plan"] = "reference",
        ["Hosts"] = "demarches.albi.fr",
    };

    [Fact]
    public async Task Each_bad_field_gets_its_reason_next_to_it_and_nothing_is_saved()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var ops = await OperatorTests.SignedInOperatorAsync(env);

        var bad = await Html.ParseAsync(await ops.SubmitAsync("/communes/nouvelle", new Dictionary<string, string>
        {
            ["Name"] = "",
            ["Slug"] = "Albi!",
            ["Insee"] = "8100",
            ["Siret"] = "12345678901234",
            ["AddressLine"] = "",
            ["PostalCode"] = "81A00",
            ["City"] = "",
            ["SupervisorEmail"] = "pas une adresse",
            ["Recipe"] = "lavaur",
            ["Plan"] = "inconnue",
            ["Hosts"] = "demarches.albi.fr\nalbi2.localhost",
        }));
        var clash = AlbiForm();
        (clash["Slug"], clash["Insee"], clash["Hosts"]) = ("gaillac", "81140", "Demarches.Albi.fr");
        var taken = await Html.ParseAsync(await ops.SubmitAsync("/communes/nouvelle", clash));

        Assert.Contains("Le nom de la commune est obligatoire", bad.Text("#Name-erreur"));
        Assert.Contains("minuscules sans accent", bad.Text("#Slug-erreur"));
        Assert.Contains("Code INSEE « 8100 » invalide", bad.Text("#Insee-erreur"));
        Assert.Contains("clé de contrôle incorrecte", bad.Text("#Siret-erreur"));
        Assert.Contains("adresse postale de la mairie est obligatoire", bad.Text("#AddressLine-erreur"));
        Assert.Contains("5 chiffres", bad.Text("#PostalCode-erreur"));
        Assert.Contains("ville est obligatoire", bad.Text("#City-erreur"));
        Assert.Contains("L'adresse électronique n'est pas valide", bad.Text("#SupervisorEmail-erreur"));
        Assert.Contains("Recette « lavaur » introuvable", bad.Text("#Recipe-erreur"));
        Assert.Contains("Formule « inconnue » inconnue", bad.Text("#Plan-erreur"));
        Assert.Contains("sous le domaine de la plateforme", bad.Text("#Hosts-erreur"));
        Assert.Contains("Le formulaire contient 11 erreurs", bad.Text(".error-summary"));
        // What was typed is given back.
        Assert.Equal("Albi!", bad.QuerySelector("#Slug")!.GetAttribute("value"));

        Assert.Contains("La commune « gaillac » existe déjà (état : active)", taken.Text("#Slug-erreur"));
        Assert.Contains("Le code INSEE 81140 est déjà celui de Lavaur", taken.Text("#Insee-erreur"));
        Assert.Contains("à écrire en minuscules", taken.Text("#Hosts-erreur"));

        await using var scope = env.Platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        Assert.Equal(2, await db.Tenants.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.ProvisioningRuns.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_administrator_creates_a_town_that_goes_live_with_its_catalogue_and_its_supervisor_is_invited()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var ops = await OperatorTests.SignedInOperatorAsync(env);
        var form = await ops.PageAsync("/communes/nouvelle");
        Assert.Equal("reference", form.QuerySelector("#Plan option[selected]")!.GetAttribute("value"));
        Assert.Equal("_template", form.QuerySelector("#Recipe option[selected]")!.GetAttribute("value"));

        var started = await ops.SubmitAsync("/communes/nouvelle", AlbiForm());
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var runPage = started.Headers.Location!.OriginalString;
        Assert.Matches("^/communes/creations/[0-9a-f-]{36}$", runPage);

        var done = await WaitForPageAsync(ops, runPage, "Terminé");
        Assert.Contains("La commune Albi est en service", done.Text("main"));
        Assert.Contains("L'invitation a été envoyée au superviseur, cabinet@albi.example", done.Text("main"));
        Assert.Equal($"http://albi.localhost:{env.Platform.Port}/", done.QuerySelector(".success a")!.GetAttribute("href"));
        Assert.Equal("5", done.QuerySelector("progress")!.GetAttribute("value"));

        // Live on its subdomain and its own domain, with the template's catalogue.
        await env.Platform.WaitForRegistryAsync(r => r.FindByHost("demarches.albi.fr")?.Status == TenantStatus.Active);
        using var portal = env.Platform.ClientFor("albi.localhost");
        var catalogue = await portal.GetStringAsync("/api/v1/catalogue", TestContext.Current.CancellationToken);
        Assert.Contains("\"families\"", catalogue);
        Assert.Contains("Albi", (await env.Session("demarches.albi.fr").PageAsync("/")).Text("header"));

        // The supervisor's invitation came by mail and opens the account page.
        var link = new Uri(await env.LinkMailedToAsync("cabinet@albi.example"));
        Assert.Equal($"albi.localhost:{env.Platform.Port}", link.Authority);
        using var supervisor = env.Session("albi.localhost");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(link.PathAndQuery)).StatusCode);

        await using var scope = env.Platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var town = await db.Tenants.SingleAsync(t => t.Slug == "albi", TestContext.Current.CancellationToken);
        Assert.Equal((PlanRecord.ReferencePlanId, "16 rue de l'Hôtel de Ville", "81000", "Albi", "cabinet@albi.example", AlbiSiret),
            (town.PlanId!.Value, town.AddressLine, town.PostalCode, town.City, town.SupervisorEmail, town.Siret));
        var actions = await db.OperatorAudit.Where(a => a.TownSlug == "albi").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["commune-creation-demandee", "commune-creee"], actions);

        var list = await ops.PageAsync("/communes");
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Albi", StringComparison.Ordinal));
        Assert.Contains("albi.localhost demarches.albi.fr", row.TextContent);
        Assert.Contains("Active", row.TextContent);
        Assert.Contains("Référence", row.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("3 communes : 3 actives.", list.Text("main"));
    }

    [Fact]
    public async Task A_failed_creation_shows_its_reason_and_the_retry_button_finishes_it()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var ops = await OperatorTests.SignedInOperatorAsync(env);
        var provisioner = env.Platform.Services.GetRequiredService<TownProvisioner>();
        provisioner.BeforeActivation = _ => throw new InvalidOperationException("panne simulée du serveur");

        var started = await ops.SubmitAsync("/communes/nouvelle", AlbiForm());
        var runPage = started.Headers.Location!.OriginalString;
        var failed = await WaitForPageAsync(ops, runPage, "La création a échoué");
        Assert.Contains("panne simulée du serveur", failed.Text(".error-summary"));
        Assert.Contains("Échec à l'étape 4 sur 5 (Mise en service)", failed.Text("[role=status]"));
        Assert.Contains("albi : en échec", (await ops.PageAsync("/communes")).Text("main"));
        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            Assert.Equal(TenantStatus.Failed, (await db.Tenants.SingleAsync(t => t.Slug == "albi", TestContext.Current.CancellationToken)).Status);
            Assert.Contains(await db.OperatorAudit.Where(a => a.TownSlug == "albi").Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken),
                a => a == "commune-creation-echouee");
        }

        provisioner.BeforeActivation = null;
        var retried = await ops.SubmitAsync(runPage, new Dictionary<string, string>(), "main form[action*=Retry]");
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        var done = await WaitForPageAsync(ops, runPage, "Terminé");
        Assert.Contains("La commune Albi est en service", done.Text("main"));
        await env.Smtp.WaitForMessageToAsync("cabinet@albi.example", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await env.Platform.WaitForRegistryAsync(r => r.FindBySlug("albi")?.Status == TenantStatus.Active);
        Assert.Equal(1, env.Smtp.Messages.Count(m => m.To.Contains("cabinet@albi.example")));
        // A second run of the finished job changes nothing and sends nothing.
        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            var runId = Guid.Parse(runPage[(runPage.LastIndexOf('/') + 1)..]);
            var run = await scope.ServiceProvider.GetRequiredService<GrcCloud.Host.Features.Operator.Towns.TownCreation>().RunAsync(runId, null, TestContext.Current.CancellationToken);
            Assert.Equal(ProvisioningRunStatus.Succeeded, run!.Status);
        }
        Assert.Equal(1, env.Smtp.Messages.Count(m => m.To.Contains("cabinet@albi.example")));
    }

    [Theory]
    [InlineData("facturation")]
    [InlineData("support")]
    public async Task Only_administrators_create_towns(string role)
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var admin = await OperatorTests.SignedInOperatorAsync(env);
        var adminForm = await admin.PageAsync("/communes/nouvelle");
        using var other = await OperatorTests.SignedInOperatorAsync(env, $"{role}@grccloud.example", role);

        var list = await other.PageAsync("/communes");
        var page = await other.GetAsync("/communes/nouvelle");
        var post = await other.SubmitAsync(adminForm, new Uri(other.BaseAddress, "/communes/nouvelle"), AlbiForm());

        Assert.Contains("Lavaur", list.Text("tbody"));
        Assert.Empty(list.QuerySelectorAll("a[href='/communes/nouvelle']"));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        await using var scope = env.Platform.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().ProvisioningRuns.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_command_line_creates_a_town_the_same_way_prints_each_step_and_answers_in_json()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);

        var text = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "tenants", "create", "--slug", "albi", "--name", "Albi", "--insee", "81004",
            "--siret", AlbiSiret, "--plan", "reference", "--address", "16 rue de l'Hôtel de Ville", "--postal-code", "81000", "--city", "Albi", "--supervisor", "cabinet@albi.example");
        var json = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "tenants", "create", "--slug", "castres", "--name", "Castres", "--insee", "81065", "--json");
        var badPlan = await Cli.RunAsync(env.Platform.ConnectionString, "tenants", "create", "--slug", "carmaux", "--name", "Carmaux", "--insee", "81060", "--plan", "platine");

        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("1/5 Inscription de la commune…", text.Output);
        Assert.Contains("5/5 Invitation du superviseur…", text.Output);
        Assert.Contains($"Commune « Albi » créée : http://albi.localhost:{env.Platform.Port}/", text.Output);
        await env.Smtp.WaitForMessageToAsync("cabinet@albi.example", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("castres", document.RootElement.GetProperty("town").GetProperty("slug").GetString());
        Assert.Equal("reference", document.RootElement.GetProperty("town").GetProperty("plan").GetString());
        Assert.Equal("active", document.RootElement.GetProperty("town").GetProperty("status").GetString());
        Assert.Equal("succeeded", document.RootElement.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(4, document.RootElement.GetProperty("run").GetProperty("stepCount").GetInt32());

        Assert.NotEqual(0, badPlan.ExitCode);
        Assert.Equal("grccloud : formule « platine » inconnue ou archivée", badPlan.Error.Trim());
    }

    /// <summary>Reloads a page until it shows <paramref name="expected"/> (the job runs on the platform's own workers).</summary>
    internal static async Task<AngleSharp.Dom.IDocument> WaitForPageAsync(WebSession session, string url, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await session.PageAsync(url);
            if (page.Text("main").Contains(expected, StringComparison.Ordinal))
                return page;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"« {expected} » n'est pas apparu sur {url} ; la page dit : {page.Text("main")}");
            await Task.Delay(200);
        }
    }
}
