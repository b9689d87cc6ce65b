using System.CommandLine;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Operator;
using GrcCloud.Host.Features.Provisioning;
using Microsoft.AspNetCore.Identity;
using GrcCloud.Host.Infrastructure;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Cli;

/// <summary>
/// The admin command line (<c>deploy/dev/grccloud &lt;command&gt;</c>). Each command works on the same
/// database as the running platform. A failure prints one clear line and exits non-zero.
/// </summary>
public static class AdminCommands
{
    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new() { WriteIndented = true };
    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal) { "migrate", "tenants", "operators", "agents", "help", "--help", "-h", "-?" };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !Commands.Contains(args[0]))
        {
            WebApplication app;
            try
            {
                app = await WebRole.BuildAsync(args);
            }
            catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException)
            {
                // A setting is missing or wrong: one line naming it, not a stack trace.
                await Console.Error.WriteLineAsync($"grccloud : démarrage refusé : {e.Message}");
                return 1;
            }
            await app.RunAsync();
            return 0;
        }

        var root = BuildCommands();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"grccloud : {parse.Errors[0].Message} (voir grccloud {args[0]} --help)");
            return 2;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is ProvisioningException or RecipeException or CommandException)
        {
            await Console.Error.WriteLineAsync($"grccloud : {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"grccloud : {e.GetBaseException().Message}");
            return 1;
        }
    }

    private static RootCommand BuildCommands()
    {
        var root = new RootCommand("GrcCloud : administration de la plateforme");

        var migrate = new Command("migrate", "Met à jour le schéma de la plateforme puis celui de chaque commune (reprend là où une exécution précédente s'est arrêtée).");
        migrate.SetAction((_, ct) => WithServicesAsync(MigrateAsync, ct));
        root.Subcommands.Add(migrate);

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
        list.SetAction((_, ct) => WithServicesAsync(ListAsync, ct));
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

        var operators = new Command("operators", "Gère les comptes des opérateurs de l'éditeur.");
        root.Subcommands.Add(operators);
        var email = new Option<string>("--email") { Description = "Adresse électronique de l'opérateur", Required = true };
        var operatorRole = new Option<string>("--role") { Description = "Rôle : administrateur, facturation ou support (lecture seule)", DefaultValueFactory = _ => OperatorRoles.Administrator };
        operatorRole.AcceptOnlyFromAmong([.. OperatorRoles.All]);
        var createOperator = new Command("create", "Crée un compte d'opérateur et affiche son lien de première connexion (valable 2 heures).") { email, operatorRole };
        createOperator.SetAction((r, ct) => WithServicesAsync((sp, c) => CreateOperatorAsync(sp, r.GetValue(email)!, r.GetValue(operatorRole)!, c), ct));
        operators.Subcommands.Add(createOperator);

        var simulatorClients = new Option<string?>("--simulator-clients") { Description = "Fichier JSON où écrire les clients du simulateur FranceConnect des communes de démonstration" };
        var agents = new Command("agents", "Gère les comptes des agents d'une commune.");
        root.Subcommands.Add(agents);
        var givenName = new Option<string>("--given-name") { Description = "Prénom", DefaultValueFactory = _ => "Superviseur" };
        var familyName = new Option<string>("--family-name") { Description = "Nom", DefaultValueFactory = _ => "Mairie" };
        var role = new Option<string>("--role") { Description = "agent, head_of_service, supervisor, elected ou readonly", DefaultValueFactory = _ => AgentRoles.Supervisor };
        var invite = new Command("invite", "Invite un agent (par défaut le superviseur de la commune) : envoie le courriel et affiche le lien.") { slug, email, givenName, familyName, role };
        invite.SetAction((r, ct) => WithServicesAsync((sp, c) => InviteAgentAsync(sp, r.GetValue(slug)!, r.GetValue(email)!, r.GetValue(givenName)!, r.GetValue(familyName)!, r.GetValue(role)!, c), ct));
        agents.Subcommands.Add(invite);

        var demo = new Command("provision-demo", "Met en service les communes de démonstration de tenants/ (sans effet sur celles qui existent).") { simulatorClients };
        demo.SetAction((r, ct) => WithServicesAsync((sp, c) => ProvisionDemoAsync(sp, r.GetValue(simulatorClients), c), ct));
        tenants.Subcommands.Add(demo);

        return root;
    }

    private static async Task<int> WithServicesAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The command line only enqueues; jobs run in the web hosts.
        builder.Configuration["GrcCloud:Jobs:RunServer"] = "false";
        await using var database = await DatabaseBootstrap.StartAsync(builder.Configuration, builder.Environment, cancellationToken);
        builder.Services.AddGrcCloudCore(builder.Configuration, database.ConnectionString);
        await using var services = builder.Services.BuildServiceProvider();
        services.CheckSettings();
        return await action(services, cancellationToken);
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var migrator = services.GetRequiredService<TownSchemaMigrator>();
        Console.WriteLine("Plateforme et communes : mise à jour des schémas…");
        var results = await migrator.MigrateAllAsync(r =>
            Console.WriteLine(r.Succeeded ? $"  ✓ {r.Slug}" : $"  ✗ {r.Slug} : {r.Error}"), cancellationToken);
        var failed = results.Where(r => !r.Succeeded).Select(r => r.Slug).ToList();
        if (failed.Count > 0)
            throw new CommandException($"migration en échec pour {failed.Count} commune(s) : {string.Join(", ", failed)} ; les autres sont à jour, relancez « grccloud migrate » après correction");
        Console.WriteLine($"{results.Count} commune(s) à jour.");
        return 0;
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

    private static async Task<int> ListAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var towns = await platform.Tenants.AsNoTracking().Include(t => t.Hosts).OrderBy(t => t.Slug).ToListAsync(cancellationToken);
        if (towns.Count == 0)
        {
            Console.WriteLine("Aucune commune.");
            return 0;
        }
        Console.WriteLine($"{"COMMUNE",-24} {"NOM",-28} {"INSEE",-6} {"ÉTAT",-12} DOMAINES PROPRES");
        foreach (var t in towns)
        {
            var status = StatusLabel(t.Status) + (t.StatusReason is null ? "" : $" ({t.StatusReason})");
            Console.WriteLine($"{t.Slug,-24} {Truncate(t.Name, 28),-28} {t.InseeCode,-6} {Truncate(status, 12),-12} {string.Join(", ", t.Hosts.Select(h => h.Host))}");
        }
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

    private static async Task<int> ProvisionDemoAsync(IServiceProvider services, string? simulatorClientsFile, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TownSchemaMigrator>().MigrateAllAsync(cancellationToken: cancellationToken);
        var tenancy = services.GetRequiredService<TenancyOptions>();
        var clients = new List<object>();
        foreach (var (recipe, town, outcome) in await services.GetRequiredService<DemoTowns>().ProvisionAllAsync(cancellationToken))
        {
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
            Console.WriteLine($"Clients du simulateur FranceConnect écrits dans {simulatorClientsFile}");
        }
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

    private static async Task<int> InviteAgentAsync(IServiceProvider services, string slug, string email, string givenName, string familyName, string role, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var town = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Tenants.Include(t => t.Hosts).AsNoTracking()
            .SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken)
            ?? throw new CommandException($"commune « {slug} » inconnue (voir grccloud tenants list)");
        if (!Features.Shared.EmailAddresses.IsValid(email))
            throw new CommandException($"adresse électronique « {email} » invalide");
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town.ToInfo());
        var (agent, link, errors) = await scope.ServiceProvider.GetRequiredService<GrcCloud.Host.Features.BackOffice.AgentInvitations>().InviteAsync(
            new GrcCloud.Host.Features.BackOffice.AgentInvitation(givenName, familyName, email, role, []), cancellationToken);
        if (agent is null)
            throw new CommandException(string.Join(" ", errors));
        Console.WriteLine($"Invitation envoyée à {email} ({AgentRoles.Label(role)} de {town.Name}). Lien (valable 3 jours, une seule fois) :");
        Console.WriteLine(link);
        return 0;
    }

    private static async Task<int> CreateOperatorAsync(IServiceProvider services, string email, string role, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TownSchemaMigrator>().MigratePlatformAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var operators = scope.ServiceProvider.GetRequiredService<UserManager<OperatorAccount>>();
        if (!Features.Shared.EmailAddresses.IsValid(email))
            throw new CommandException($"adresse électronique « {email} » invalide");
        if (await operators.FindByEmailAsync(email) is not null)
            throw new CommandException($"un opérateur existe déjà avec l'adresse {email}");
        var account = new OperatorAccount { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow, Role = role };
        var result = await operators.CreateAsync(account);
        if (!result.Succeeded)
            throw new CommandException(string.Join(" ", result.Errors.Select(e => e.Description)));
        var code = await operators.GeneratePasswordResetTokenAsync(account);
        var tenancy = services.GetRequiredService<TenancyOptions>();
        var link = $"{tenancy.PublicOrigin("ops")}/activation{QueryString.Create(new Dictionary<string, string?> { ["operateur"] = account.Id.ToString(), ["code"] = code })}";
        await scope.ServiceProvider.GetRequiredService<OperatorAudit>().RecordCommandAsync(OperatorActions.OperatorCreated, null, $"{email} ({OperatorRoles.Label(role)})");
        Console.WriteLine($"Opérateur {email} ({OperatorRoles.Label(role)}) créé. Lien de première connexion (valable 2 heures, une seule fois) :");
        Console.WriteLine(link);
        return 0;
    }

    private static string StatusLabel(TenantStatus status) => TownStatusLabels.Of(status);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";
}

/// <summary>A refusal of the command line, printed as one line.</summary>
public sealed class CommandException(string message) : Exception(message);
