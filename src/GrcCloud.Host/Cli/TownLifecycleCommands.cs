using System.CommandLine;
using GrcCloud.Host.Features.Operator.Towns.Town;
using static GrcCloud.Host.Cli.AdminCommands;

namespace GrcCloud.Host.Cli;

/// <summary>
/// <c>grccloud tenants show|edit|hosts|franceconnect|suspend|resume|cancel|reactivate|export|purge</c>: the
/// console's actions on one town, through the same services (<see cref="TownConfiguration"/>,
/// <see cref="TownLifecycle"/>, <see cref="TownExports"/>), so a vendor scripts them with <c>--json</c>.
/// </summary>
internal static class TownLifecycleCommands
{
    public static void Add(Command tenants)
    {
        var slug = new Option<string>("--slug") { Description = "Identifiant de la commune", Required = true };

        var show = new Command("show", "Affiche une commune : état, coordonnées, domaines, FranceConnect, exports.") { slug };
        show.SetAction((r, ct) => InScopeAsync(async (sp, c) =>
        {
            var town = await sp.GetRequiredService<TownOverviews>().FindAsync(r.GetValue(slug)!, c) ?? throw Unknown(r.GetValue(slug)!);
            CliOutput.Write(r, town, () => WriteTown(town));
            return 0;
        }, ct));
        tenants.Subcommands.Add(show);

        AddEdit(tenants, slug);
        AddHosts(tenants, slug);
        AddFranceConnect(tenants, slug);
        AddStatusCommands(tenants, slug);
    }

    private static void AddEdit(Command tenants, Option<string> slug)
    {
        var name = new Option<string?>("--name") { Description = "Nom de la commune" };
        var siret = new Option<string?>("--siret") { Description = "SIRET (14 chiffres, clé vérifiée) ; \"\" l'efface" };
        var address = new Option<string?>("--address") { Description = "Adresse postale (factures)" };
        var postalCode = new Option<string?>("--postal-code") { Description = "Code postal" };
        var city = new Option<string?>("--city") { Description = "Ville" };
        var phone = new Option<string?>("--contact-phone") { Description = "Téléphone de la mairie" };
        var email = new Option<string?>("--contact-email") { Description = "Courriel de la mairie" };
        var contactAddress = new Option<string?>("--contact-address") { Description = "Adresse de la mairie" };
        var edit = new Command("edit", "Modifie les informations d'une commune (les options absentes restent inchangées).") { slug, name, siret, address, postalCode, city, phone, email, contactAddress };
        edit.SetAction((r, ct) => InScopeAsync(async (sp, c) =>
        {
            var settings = sp.GetRequiredService<TownConfiguration>();
            var current = await settings.CurrentAsync(r.GetValue(slug)!, c) ?? throw Unknown(r.GetValue(slug)!);
            var wanted = current with
            {
                Name = r.GetValue(name) ?? current.Name,
                Siret = r.GetValue(siret) ?? current.Siret,
                AddressLine = r.GetValue(address) ?? current.AddressLine,
                PostalCode = r.GetValue(postalCode) ?? current.PostalCode,
                City = r.GetValue(city) ?? current.City,
                ContactPhone = r.GetValue(phone) ?? current.ContactPhone,
                ContactEmail = r.GetValue(email) ?? current.ContactEmail,
                ContactAddress = r.GetValue(contactAddress) ?? current.ContactAddress,
            };
            Check(await settings.EditAsync(r.GetValue(slug)!, wanted, TownActor.CommandLine, c));
            var saved = (await settings.CurrentAsync(r.GetValue(slug)!, c))!;
            CliOutput.Write(r, new { slug = r.GetValue(slug), town = saved }, () => Console.WriteLine($"Commune « {r.GetValue(slug)} » enregistrée."));
            return 0;
        }, ct));
        tenants.Subcommands.Add(edit);
    }

    private static void AddHosts(Command tenants, Option<string> slug)
    {
        var host = new Option<string>("--host") { Description = "Nom de domaine (les noms accentués sont convertis en punycode)", Required = true };
        var hosts = new Command("hosts", "Ajoute ou retire un domaine propre d'une commune.");
        var add = new Command("add", "Ajoute un domaine propre : la commune y répond aussitôt.") { slug, host };
        add.SetAction((r, ct) => InScopeAsync(async (sp, c) =>
        {
            Check(await sp.GetRequiredService<TownConfiguration>().AddHostAsync(r.GetValue(slug)!, r.GetValue(host), TownActor.CommandLine, c));
            return await WriteHostsAsync(sp, r, r.GetValue(slug)!, "ajouté", c);
        }, ct));
        var remove = new Command("remove", "Retire un domaine propre d'une commune.") { slug, host };
        remove.SetAction((r, ct) => InScopeAsync(async (sp, c) =>
        {
            Check(await sp.GetRequiredService<TownConfiguration>().RemoveHostAsync(r.GetValue(slug)!, r.GetValue(host), TownActor.CommandLine, c));
            return await WriteHostsAsync(sp, r, r.GetValue(slug)!, "retiré", c);
        }, ct));
        hosts.Subcommands.Add(add);
        hosts.Subcommands.Add(remove);
        tenants.Subcommands.Add(hosts);
    }

    private static async Task<int> WriteHostsAsync(IServiceProvider services, ParseResult parse, string slug, string what, CancellationToken cancellationToken)
    {
        var town = (await services.GetRequiredService<TownOverviews>().FindAsync(slug, cancellationToken))!;
        CliOutput.Write(parse, new { slug, hosts = town.CustomDomains }, () =>
            Console.WriteLine($"Domaine {what} ; domaines propres de « {slug} » : {(town.CustomDomains.Count == 0 ? "aucun" : string.Join(", ", town.CustomDomains))}."));
        return 0;
    }

    private static void AddFranceConnect(Command tenants, Option<string> slug)
    {
        var environment = new Option<string>("--environment") { Description = "simulator, sandbox ou production", Required = true };
        var clientId = new Option<string>("--client-id") { Description = "Identifiant client FranceConnect de la commune", Required = true };
        var clientSecret = new Option<string?>("--client-secret") { Description = "Secret client FranceConnect (stocké chiffré ; absent : celui enregistré est gardé)" };
        var franceConnect = new Command("franceconnect", "Enregistre les identifiants FranceConnect propres à une commune.") { slug, environment, clientId, clientSecret };
        franceConnect.SetAction((r, ct) => InScopeAsync(async (sp, c) =>
        {
            Check(await sp.GetRequiredService<TownConfiguration>().SetFranceConnectAsync(
                r.GetValue(slug)!, r.GetValue(environment), r.GetValue(clientId), r.GetValue(clientSecret), TownActor.CommandLine, c));
            var town = (await sp.GetRequiredService<TownOverviews>().FindAsync(r.GetValue(slug)!, c))!;
            CliOutput.Write(r, new
            {
                slug = town.Slug, franceConnect = town.FranceConnect,
                redirectUris = town.FranceConnectRedirectUris, postLogoutRedirectUris = town.FranceConnectPostLogoutRedirectUris,
            }, () =>
            {
                Console.WriteLine($"FranceConnect ({town.FranceConnect!.Environment}) enregistré pour « {town.Slug} » ; le secret est stocké chiffré.");
                Console.WriteLine("Adresses de retour à déclarer : " + string.Join(" ", town.FranceConnectRedirectUris.Concat(town.FranceConnectPostLogoutRedirectUris)));
            });
            return 0;
        }, ct));
        tenants.Subcommands.Add(franceConnect);
    }

    private static void AddStatusCommands(Command tenants, Option<string> slug)
    {
        var reason = new Option<string>("--reason") { Description = "Motif (inscrit au journal des opérateurs)", Required = true };
        var suspend = new Command("suspend", "Suspend une commune : son portail n'est plus servi, ses données restent intactes.") { slug, reason };
        suspend.SetAction((r, ct) => StatusAsync(r, slug, (sp, s, c) => sp.GetRequiredService<TownLifecycle>().SuspendAsync(s, r.GetValue(reason), TownActor.CommandLine, c),
            s => $"Commune « {s} » suspendue ; ses données sont conservées.", ct));
        tenants.Subcommands.Add(suspend);

        var resume = new Command("resume", "Remet en service une commune suspendue.") { slug };
        resume.SetAction((r, ct) => StatusAsync(r, slug, (sp, s, c) => sp.GetRequiredService<TownLifecycle>().ResumeAsync(s, TownActor.CommandLine, c),
            s => $"Commune « {s} » remise en service.", ct));
        tenants.Subcommands.Add(resume);

        var cancel = new Command("cancel", "Résilie une commune : portail fermé, données exportées et conservées jusqu'à la date de suppression.") { slug, reason };
        cancel.SetAction((r, ct) => StatusAsync(r, slug, (sp, s, c) => sp.GetRequiredService<TownLifecycle>().CancelAsync(s, r.GetValue(reason), TownActor.CommandLine, c),
            s => $"Commune « {s} » résiliée ; ses données sont exportées et conservées.", ct));
        tenants.Subcommands.Add(cancel);

        var reactivate = new Command("reactivate", "Réactive une commune résiliée dont les données n'ont pas été supprimées.") { slug };
        reactivate.SetAction((r, ct) => StatusAsync(r, slug, (sp, s, c) => sp.GetRequiredService<TownLifecycle>().ReactivateAsync(s, TownActor.CommandLine, c),
            s => $"Commune « {s} » réactivée.", ct));
        tenants.Subcommands.Add(reactivate);

        var confirm = new Option<string>("--confirm") { Description = "L'identifiant de la commune, saisi de nouveau pour confirmer", Required = true };
        var purge = new Command("purge", "Supprime définitivement le schéma d'une commune résiliée, après le délai de conservation (un export doit exister).") { slug, confirm };
        purge.SetAction((r, ct) => StatusAsync(r, slug, (sp, s, c) => sp.GetRequiredService<TownLifecycle>().PurgeAsync(s, r.GetValue(confirm), TownActor.CommandLine, c),
            s => $"Données de la commune « {s} » supprimées ; son inscription et le journal sont conservés.", ct));
        tenants.Subcommands.Add(purge);

        var export = new Command("export", "Exporte les données d'une commune (CSV lisibles et archive PostgreSQL) ; affiche les chemins des fichiers.") { slug };
        export.SetAction((r, ct) => InScopeAsync(async (sp, c) =>
        {
            var (result, files) = await sp.GetRequiredService<TownExports>().ExportAsync(r.GetValue(slug)!, TownActor.CommandLine, c);
            Check(result);
            CliOutput.Write(r, new { slug = r.GetValue(slug), warning = result.Warning, files = files.Select(f => new { f.Kind, f.Path, f.SizeBytes, f.Sha256, f.CreatedAt }) }, () =>
            {
                foreach (var file in files)
                    Console.WriteLine(file.Path);
                if (result.Warning is not null)
                    Console.Error.WriteLine($"grccloud : {result.Warning}");
            });
            return 0;
        }, ct));
        tenants.Subcommands.Add(export);
    }

    /// <summary>A state change, then the town's state as text or JSON (with the warning of a partly failed export).</summary>
    private static Task<int> StatusAsync(ParseResult parse, Option<string> slug, Func<IServiceProvider, string, CancellationToken, Task<TownActionResult>> action, Func<string, string> done, CancellationToken cancellationToken) =>
        InScopeAsync(async (sp, c) =>
        {
            var name = parse.GetValue(slug)!;
            var result = await action(sp, name, c);
            Check(result);
            var town = (await sp.GetRequiredService<TownOverviews>().FindAsync(name, c))!;
            CliOutput.Write(parse, new { slug = town.Slug, status = town.Status, reason = town.StatusReason, town.CancelledAt, town.PurgeAfter, town.PurgedAt, warning = result.Warning }, () =>
            {
                Console.WriteLine(done(name));
                if (result.Warning is not null)
                    Console.Error.WriteLine($"grccloud : {result.Warning}");
            });
            return 0;
        }, cancellationToken);

    private static Task<int> InScopeAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken cancellationToken) =>
        WithServicesAsync(async (services, c) =>
        {
            await using var scope = services.CreateAsyncScope();
            return await action(scope.ServiceProvider, c);
        }, cancellationToken);

    private static void Check(TownActionResult result)
    {
        if (result.Outcome == TownActionOutcome.NotFound)
            throw new CommandException("commune inconnue (voir grccloud tenants list)");
        if (!result.Succeeded)
            throw new CommandException(result.FirstError);
    }

    private static CommandException Unknown(string slug) => new($"commune « {slug} » inconnue (voir grccloud tenants list)");

    private static void WriteTown(TownOverview town)
    {
        Console.WriteLine($"{town.Name} ({town.Slug}) — {town.StatusLabel}{(town.StatusReason is null ? "" : $", motif : {town.StatusReason}")}");
        Console.WriteLine($"  portail        {town.PortalAddress}");
        Console.WriteLine($"  domaines       {(town.CustomDomains.Count == 0 ? "aucun" : string.Join(", ", town.CustomDomains))}");
        Console.WriteLine($"  INSEE / SIRET  {town.InseeCode} / {town.Siret ?? "—"}");
        Console.WriteLine($"  formule        {town.PlanName ?? "aucune"}");
        Console.WriteLine($"  adresse        {string.Join(" ", new[] { town.AddressLine, town.PostalCode, town.City }.Where(x => x is not null))}");
        Console.WriteLine($"  contact        {string.Join(" · ", new[] { town.ContactPhone, town.ContactEmail, town.ContactAddress }.Where(x => x is not null))}");
        Console.WriteLine($"  FranceConnect  {(town.FranceConnect is { } fc ? $"{fc.Environment}, client {fc.ClientId}, secret {(fc.SecretIsSet ? "enregistré" : "absent")}" : "non configuré")}");
        if (town.CancelledAt is not null)
            Console.WriteLine($"  résiliée le    {town.CancelledAt:yyyy-MM-dd} ; suppression possible à partir du {town.PurgeAfter:yyyy-MM-dd}{(town.PurgedAt is null ? "" : $" ; supprimée le {town.PurgedAt:yyyy-MM-dd}")}");
        foreach (var export in town.Exports)
            Console.WriteLine($"  export         {export.CreatedAt:yyyy-MM-dd HH:mm} {export.Kind} {export.FileName} ({export.SizeBytes} octets)");
    }
}
