using System.CommandLine;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.Operator.Journal;
using GrcCloud.Host.Features.Operator.Towns;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Host.Infrastructure;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static GrcCloud.Host.Cli.AdminCommands;

namespace GrcCloud.Host.Cli;

/// <summary><c>grccloud tenants …</c>: the hosted towns.</summary>
internal static class TownCommands
{
    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static void Add(RootCommand root)
    {
        var tenants = new Command("tenants", "Gère les communes hébergées.");
        root.Subcommands.Add(tenants);

        var slug = new Option<string>("--slug") { Description = "Identifiant de la commune (sous-domaine)", Required = true };
        var name = new Option<string>("--name") { Description = "Nom de la commune", Required = true };
        var insee = new Option<string>("--insee") { Description = "Code INSEE de la commune", Required = true };
        var siret = new Option<string?>("--siret") { Description = "SIRET de la commune (facturation)" };
        var template = new Option<string>("--template") { Description = "Dossier de tenants/ servant de modèle", DefaultValueFactory = _ => RecipeLoader.DefaultTemplate };
        var host = new Option<string[]>("--host") { Description = "Domaine propre de la commune (répétable)", AllowMultipleArgumentsPerToken = false };
        var area = new Option<string?>("--area") { Description = "Emprise de la commune en degrés : sud,ouest,nord,est (ex. 43.64,1.73,43.76,1.90)" };
        var plan = new Option<string?>("--plan") { Description = "Code de la formule (par défaut : la formule par défaut)" };
        var address = new Option<string?>("--address") { Description = "Adresse postale de la mairie (facturation)" };
        var postalCode = new Option<string?>("--postal-code") { Description = "Code postal de la mairie" };
        var city = new Option<string?>("--city") { Description = "Ville de la mairie" };
        var supervisor = new Option<string?>("--supervisor") { Description = "Adresse électronique du premier superviseur : il reçoit l'invitation" };
        var create = new Command("create", "Crée une commune à partir d'une recette de tenants/, comme la console : chaque étape est affichée.")
            { slug, name, insee, siret, template, host, area, plan, address, postalCode, city, supervisor };
        create.SetAction((r, ct) => WithServicesAsync((sp, c) => TownCreationCommand.CreateAsync(sp, r, new TownCreationRequest
        {
            Slug = r.GetValue(slug), Name = r.GetValue(name), Insee = r.GetValue(insee), Siret = r.GetValue(siret), Recipe = r.GetValue(template),
            Hosts = r.GetValue(host) ?? [], Plan = r.GetValue(plan), AddressLine = r.GetValue(address), PostalCode = r.GetValue(postalCode),
            City = r.GetValue(city), SupervisorEmail = r.GetValue(supervisor),
            Area = ParseArea(r.GetValue(area)),
        }, c), ct));
        tenants.Subcommands.Add(create);

        var list = new Command("list", "Liste les communes et leur état.");
        list.SetAction((r, ct) => WithServicesAsync((sp, c) => ListAsync(sp, r, c), ct));
        tenants.Subcommands.Add(list);

        var remove = new Command("remove", "Supprime une commune dont la mise en service a échoué (schéma et inscription).") { slug };
        remove.SetAction((r, ct) => WithServicesAsync((sp, c) => RemoveFailedAsync(sp, r.GetValue(slug)!, c), ct));
        tenants.Subcommands.Add(remove);

        var simulatorClients = new Option<string?>("--simulator-clients") { Description = "Fichier JSON où écrire les clients du simulateur FranceConnect des communes de démonstration" };
        var demo = new Command("provision-demo", "Met en service les communes de démonstration de tenants/ (sans effet sur celles qui existent).") { simulatorClients };
        demo.SetAction((r, ct) => WithServicesAsync((sp, c) => ProvisionDemoAsync(sp, r, r.GetValue(simulatorClients), c), ct));
        tenants.Subcommands.Add(demo);

        TownLifecycleCommands.Add(tenants);

    }

    private static CommuneArea? ParseArea(string? text)
    {
        if (text is null)
            return null;
        var parts = text.Split(',');
        var numbers = parts.Select(p => double.TryParse(p.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : double.NaN).ToArray();
        if (numbers.Length != 4 || numbers.Any(double.IsNaN))
            throw new CommandException($"emprise « {text} » invalide : quatre nombres sud,ouest,nord,est attendus (ex. 43.64,1.73,43.76,1.90)");
        return new CommuneArea(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    private static async Task<int> ListAsync(IServiceProvider services, ParseResult parse, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var towns = await platform.Tenants.AsNoTracking().Include(t => t.Hosts).OrderBy(t => t.Slug).ToListAsync(cancellationToken);
        var plans = await platform.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Code, cancellationToken);
        var baseDomain = services.GetRequiredService<TenancyOptions>().BaseDomain;
        // The same fields as the API's GET /api/ops/v1/towns.
        var rows = towns.Select(t => new
        {
            t.Slug, t.Name, t.InseeCode, Status = Features.OperatorApi.TownEndpoints.StatusCode(t.Status), t.StatusReason,
            Hosts = (string[])[$"{t.Slug}.{baseDomain}", .. t.Hosts.Select(h => h.Host).Order(StringComparer.Ordinal)],
            PlanCode = t.PlanId is { } plan && plans.TryGetValue(plan, out var code) ? code : null, t.CreatedAt,
        }).ToList();
        CliOutput.Write(parse, rows, () =>
        {
            if (towns.Count == 0)
            {
                Console.WriteLine("Aucune commune.");
                return;
            }
            Console.WriteLine($"{"COMMUNE",-24} {"NOM",-28} {"INSEE",-6} {"ÉTAT",-12} DOMAINES PROPRES");
            foreach (var t in towns)
            {
                var status = StatusLabel(t.Status) + (t.StatusReason is null ? "" : $" ({t.StatusReason})");
                Console.WriteLine($"{t.Slug,-24} {Truncate(t.Name, 28),-28} {t.InseeCode,-6} {Truncate(status, 12),-12} {string.Join(", ", t.Hosts.Select(h => h.Host))}");
            }
        });
        return 0;
    }

    private static async Task<int> RemoveFailedAsync(IServiceProvider services, string slug, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var town = await platform.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken)
            ?? throw new CommandException($"commune « {slug} » inconnue (voir grccloud tenants list)");
        if (town.Status is not (TenantStatus.Failed or TenantStatus.Provisioning))
            throw new CommandException($"seule une commune en échec de mise en service peut être supprimée ; « {slug} » est {StatusLabel(town.Status)}");
        await using var transaction = await platform.Database.BeginTransactionAsync(cancellationToken);
        var drop = SchemaSql.Drop(town.SchemaName);
        await platform.Database.ExecuteSqlRawAsync(drop, cancellationToken);
        platform.Tenants.Remove(town);
        await platform.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<OperatorAudit>().RecordCommandAsync(OperatorActions.TownRemoved, slug, null);
        Console.WriteLine($"Commune « {slug} » supprimée.");
        return 0;
    }

    private static async Task<int> ProvisionDemoAsync(IServiceProvider services, ParseResult parse, string? simulatorClientsFile, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TownSchemaMigrator>().MigrateAllAsync(cancellationToken: cancellationToken);
        var tenancy = services.GetRequiredService<TenancyOptions>();
        var clients = new List<object>();
        var json = parse.GetValue(CliOutput.Json);
        var towns = new List<object>();
        foreach (var (recipe, town, outcome) in await services.GetRequiredService<DemoTowns>().ProvisionAllAsync(cancellationToken))
        {
            towns.Add(new { town.Slug, Outcome = outcome == ProvisioningOutcome.Created ? "created" : "existing" });
            if (!json)
                Console.WriteLine($"{town.Slug} : {(outcome == ProvisioningOutcome.Created ? "créée" : "déjà présente")}");
            if (recipe.Town.Franceconnect is { Environment: "simulator" } fc)
            {
                var origins = new[] { tenancy.PublicOrigin(town.Slug) }.Concat(town.Hosts.Select(tenancy.HostOrigin)).ToList();
                clients.Add(new
                {
                    fc.ClientId,
                    fc.ClientSecret,
                    Name = $"Mairie de {town.Name}",
                    RedirectUris = origins.Select(o => o + "/connexion/franceconnect/retour").ToArray(),
                    PostLogoutRedirectUris = origins.Select(o => o + "/deconnexion/franceconnect/retour").ToArray(),
                });
            }
        }
        if (simulatorClientsFile is not null)
        {
            await File.WriteAllTextAsync(simulatorClientsFile, System.Text.Json.JsonSerializer.Serialize(
                new { FranceConnectSimulator = new { Clients = clients } }, IndentedJson), cancellationToken);
            if (!json)
                Console.WriteLine($"Clients du simulateur FranceConnect écrits dans {simulatorClientsFile}");
        }
        if (json)
            CliOutput.Write(parse, new { Towns = towns, SimulatorClientsFile = simulatorClientsFile }, () => { });
        return 0;
    }

    private static string StatusLabel(TenantStatus status) => TownStatusLabels.Of(status);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";
}
