using System.CommandLine;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.Operator.Journal;
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
        var create = new Command("create", "Crée une commune à partir d'une recette de tenants/.") { slug, name, insee, siret, template, host, area };
        create.SetAction((r, ct) => WithServicesAsync((sp, c) => CreateAsync(sp,
            r.GetValue(slug)!, r.GetValue(name)!, r.GetValue(insee)!, r.GetValue(siret), r.GetValue(template)!, r.GetValue(host) ?? [], r.GetValue(area), c), ct));
        tenants.Subcommands.Add(create);

        var list = new Command("list", "Liste les communes et leur état.");
        list.SetAction((r, ct) => WithServicesAsync((sp, c) => ListAsync(sp, r, c), ct));
        tenants.Subcommands.Add(list);

        var reason = new Option<string>("--reason") { Description = "Motif de la suspension", Required = true };
        var suspend = new Command("suspend", "Suspend une commune : son portail n'est plus servi, ses données restent intactes.") { slug, reason };
        suspend.SetAction((r, ct) => WithServicesAsync((sp, c) => SetStatusAsync(sp, r.GetValue(slug)!, TenantStatus.Suspended, r.GetValue(reason), c), ct));
        tenants.Subcommands.Add(suspend);

        var resume = new Command("resume", "Remet en service une commune suspendue.") { slug };
        resume.SetAction((r, ct) => WithServicesAsync((sp, c) => SetStatusAsync(sp, r.GetValue(slug)!, TenantStatus.Active, null, c), ct));
        tenants.Subcommands.Add(resume);

        var remove = new Command("remove", "Supprime une commune dont la mise en service a échoué (schéma et inscription).") { slug };
        remove.SetAction((r, ct) => WithServicesAsync((sp, c) => RemoveFailedAsync(sp, r.GetValue(slug)!, c), ct));
        tenants.Subcommands.Add(remove);

        var environment = new Option<string>("--environment") { Description = "simulator, sandbox ou production", Required = true };
        var clientId = new Option<string>("--client-id") { Description = "Identifiant client FranceConnect de la commune", Required = true };
        var clientSecret = new Option<string>("--client-secret") { Description = "Secret client FranceConnect (stocké chiffré)", Required = true };
        var franceConnect = new Command("franceconnect", "Enregistre les identifiants FranceConnect propres à une commune.") { slug, environment, clientId, clientSecret };
        franceConnect.SetAction((r, ct) => WithServicesAsync((sp, c) => SetFranceConnectAsync(sp,
            r.GetValue(slug)!, r.GetValue(environment)!, r.GetValue(clientId)!, r.GetValue(clientSecret)!, c), ct));
        tenants.Subcommands.Add(franceConnect);

        var simulatorClients = new Option<string?>("--simulator-clients") { Description = "Fichier JSON où écrire les clients du simulateur FranceConnect des communes de démonstration" };
        var demo = new Command("provision-demo", "Met en service les communes de démonstration de tenants/ (sans effet sur celles qui existent).") { simulatorClients };
        demo.SetAction((r, ct) => WithServicesAsync((sp, c) => ProvisionDemoAsync(sp, r, r.GetValue(simulatorClients), c), ct));
        tenants.Subcommands.Add(demo);

    }

    private static async Task<int> CreateAsync(IServiceProvider services, string slug, string name, string insee, string? siret,
        string template, string[] hosts, string? area, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TownSchemaMigrator>().MigratePlatformAsync(cancellationToken);
        var recipe = services.GetRequiredService<RecipeLoader>().LoadFromTemplate(template, slug, name, insee, siret, hosts, ParseArea(area));
        var (outcome, town) = await services.GetRequiredService<TownProvisioner>().ProvisionAsync(recipe, cancellationToken);
        if (outcome == ProvisioningOutcome.AlreadyExists)
            throw new CommandException($"la commune « {slug} » existe déjà (état : {StatusLabel(town.Status)})");
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<OperatorAudit>().RecordCommandAsync(OperatorActions.TownCreated, town.Slug, null);
        Console.WriteLine($"Commune « {town.Name} » créée : {services.GetRequiredService<TenancyOptions>().PublicOrigin(town.Slug)}/ (schéma {town.SchemaName}).");
        return 0;
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

    private static async Task<int> SetStatusAsync(IServiceProvider services, string slug, TenantStatus status, string? reason, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var town = await platform.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken)
            ?? throw new CommandException($"commune « {slug} » inconnue (voir grccloud tenants list)");
        var allowedFrom = status == TenantStatus.Suspended ? TenantStatus.Active : TenantStatus.Suspended;
        if (town.Status != allowedFrom)
            throw new CommandException($"la commune « {slug} » est {StatusLabel(town.Status)} : impossible de la {(status == TenantStatus.Suspended ? "suspendre" : "remettre en service")}");
        if (status == TenantStatus.Suspended && string.IsNullOrWhiteSpace(reason))
            throw new CommandException("le motif de suspension est obligatoire (--reason)");
        town.Status = status;
        town.StatusReason = reason;
        town.UpdatedAt = DateTimeOffset.UtcNow;
        await platform.SaveChangesAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<OperatorAudit>().RecordCommandAsync(
            status == TenantStatus.Suspended ? OperatorActions.TownSuspended : OperatorActions.TownResumed, slug, null);
        Console.WriteLine(status == TenantStatus.Suspended
            ? $"Commune « {slug} » suspendue ; ses données sont conservées."
            : $"Commune « {slug} » remise en service.");
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

    private static async Task<int> SetFranceConnectAsync(IServiceProvider services, string slug, string environment, string clientId, string clientSecret, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var town = await platform.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken)
            ?? throw new CommandException($"commune « {slug} » inconnue (voir grccloud tenants list)");
        var store = scope.ServiceProvider.GetRequiredService<FranceConnectCredentialsStore>();
        if (!FranceConnectCredentialsStore.Environments.Contains(environment))
            throw new CommandException($"environnement « {environment} » inconnu : simulator, sandbox ou production");
        if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrWhiteSpace(clientSecret))
            throw new CommandException("l'identifiant et le secret client sont obligatoires");
        await store.SetAsync(town.Id, environment, clientId.Trim(), clientSecret.Trim(), cancellationToken);
        Console.WriteLine($"FranceConnect ({environment}) enregistré pour « {slug} » ; le secret est stocké chiffré.");
        return 0;
    }

    private static string StatusLabel(TenantStatus status) => TownStatusLabels.Of(status);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";
}
