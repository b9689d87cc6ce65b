using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Host.Features.Shared;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Towns.Town;

/// <summary>What an operator may change of a town's details (not its slug: its addresses hang on it; not its plan: billing's).</summary>
public sealed record TownEdit(
    string? Name, string? Siret, string? AddressLine, string? PostalCode, string? City,
    string? ContactPhone, string? ContactEmail, string? ContactAddress, CommuneArea? Area);

/// <summary>
/// A town's details, custom domains and FranceConnect credentials: the console, the command line and
/// the API call these. Each checks who acts, the input, saves, and writes the operators' journal.
/// </summary>
public sealed class TownConfiguration(PlatformDbContext db, FranceConnectCredentialsStore franceConnect, TenancyOptions tenancy, OperatorAudit audit, TimeProvider clock)
{
    /// <summary>More would be a mistake (each is a certificate and a FranceConnect return address to declare).</summary>
    public const int MaxCustomDomains = 10;

    public async Task<TownEdit?> CurrentAsync(string slug, CancellationToken cancellationToken = default) =>
        await db.Tenants.AsNoTracking().Where(t => t.Slug == slug).Select(t => new TownEdit(
            t.Name, t.Siret, t.AddressLine, t.PostalCode, t.City, t.ContactPhone, t.ContactEmail, t.ContactAddress,
            t.AreaSouth == null ? null : new CommuneArea(t.AreaSouth.Value, t.AreaWest!.Value, t.AreaNorth!.Value, t.AreaEast!.Value)))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<TownActionResult> EditAsync(string slug, TownEdit edit, TownActor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.MayAct)
            return TownActionResult.Forbidden;
        var town = await db.Tenants.SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (town is null)
            return TownActionResult.NotFound;
        if (town.PurgedAt is not null)
            return TownActionResult.Refused(TownFields.Whole, "Les données de cette commune ont été supprimées : elle ne se modifie plus.");

        var errors = Check(edit);
        if (errors.Count > 0)
            return TownActionResult.Refused(errors);

        var before = Describe(town);
        town.Name = edit.Name!.Trim();
        town.Siret = Clean(edit.Siret);
        town.AddressLine = Clean(edit.AddressLine);
        town.PostalCode = Clean(edit.PostalCode);
        town.City = Clean(edit.City);
        town.ContactPhone = Clean(edit.ContactPhone);
        town.ContactEmail = Clean(edit.ContactEmail);
        town.ContactAddress = Clean(edit.ContactAddress);
        town.Area = edit.Area;
        var after = Describe(town);
        var changed = before.Where(b => after[b.Key] != b.Value).Select(b => b.Key).ToList();
        if (changed.Count == 0)
            return TownActionResult.Done();
        town.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(actor, OperatorActions.TownEdited, slug, "modifié : " + string.Join(", ", changed));
        return TownActionResult.Done();
    }

    private static Dictionary<string, string> Check(TownEdit edit)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(edit.Name))
            errors[TownFields.Name] = "Indiquez le nom de la commune.";
        else if (edit.Name.Trim().Length > 200)
            errors[TownFields.Name] = "Le nom compte 200 caractères au plus.";
        if (Clean(edit.Siret) is { } siret && TownIdentifiers.CheckSiret(siret) is { } siretError)
            errors[TownFields.Siret] = Sentence(siretError);
        if (Clean(edit.AddressLine) is { Length: > 200 })
            errors[TownFields.AddressLine] = "L'adresse compte 200 caractères au plus.";
        if (Clean(edit.PostalCode) is { } postalCode && (postalCode.Length != 5 || !postalCode.All(char.IsAsciiDigit)))
            errors[TownFields.PostalCode] = "Le code postal compte 5 chiffres (par exemple 81500).";
        if (Clean(edit.City) is { Length: > 100 })
            errors[TownFields.City] = "La ville compte 100 caractères au plus.";
        if (Clean(edit.ContactPhone) is { } phone && !PhoneNumbers.IsValid(phone))
            errors[TownFields.ContactPhone] = "Indiquez un numéro de téléphone (chiffres, espaces, points ou tirets ; par exemple 05 63 58 02 10).";
        if (Clean(edit.ContactEmail) is { } email && !EmailAddresses.IsValid(email))
            errors[TownFields.ContactEmail] = "Indiquez une adresse électronique (par exemple contact@mairie-lavaur.fr).";
        if (Clean(edit.ContactAddress) is { Length: > 300 })
            errors[TownFields.ContactAddress] = "L'adresse de la mairie compte 300 caractères au plus.";
        if (edit.Area is { } area && CommuneArea.Check(area.South, area.West, area.North, area.East) is { } areaError)
            errors[TownFields.Area] = Sentence("Emprise invalide : " + areaError);
        return errors;
    }

    private static Dictionary<string, string?> Describe(TenantRecord town) => new()
    {
        ["nom"] = town.Name, ["SIRET"] = town.Siret, ["adresse"] = town.AddressLine, ["code postal"] = town.PostalCode, ["ville"] = town.City,
        ["téléphone"] = town.ContactPhone, ["courriel"] = town.ContactEmail, ["adresse de la mairie"] = town.ContactAddress,
        ["emprise"] = town.Area?.ToString(),
    };

    public async Task<TownActionResult> AddHostAsync(string slug, string? host, TownActor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.MayAct)
            return TownActionResult.Forbidden;
        var town = await db.Tenants.Include(t => t.Hosts).SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (town is null)
            return TownActionResult.NotFound;
        if (town.PurgedAt is not null)
            return TownActionResult.Refused(TownFields.Host, "Les données de cette commune ont été supprimées : plus de domaine à ajouter.");
        var normalized = TenantHostResolver.Normalize(host?.Trim());
        if (string.IsNullOrWhiteSpace(host))
            return TownActionResult.Refused(TownFields.Host, "Indiquez un nom de domaine (par exemple demarches.ville-lavaur.fr).");
        if (normalized.Length == 0 || TownIdentifiers.CheckHost(normalized) is not null)
            return TownActionResult.Refused(TownFields.Host, "Ce nom de domaine n'est pas valide : lettres, chiffres et tirets séparés par des points (par exemple demarches.ville-lavaur.fr).");
        var baseDomain = tenancy.BaseDomain.ToLowerInvariant();
        if (normalized == baseDomain || normalized.EndsWith("." + baseDomain, StringComparison.Ordinal))
            return TownActionResult.Refused(TownFields.Host, $"Ce domaine est sous celui de la plateforme ({baseDomain}) : la commune y a déjà son adresse {slug}.{baseDomain}.");
        if (town.Hosts.Any(h => h.Host == normalized))
            return TownActionResult.Refused(TownFields.Host, $"La commune répond déjà sur {normalized}.");
        if (town.Hosts.Count >= MaxCustomDomains)
            return TownActionResult.Refused(TownFields.Host, $"Une commune a {MaxCustomDomains} domaines propres au plus : retirez-en un d'abord.");
        if (await db.TenantHosts.AnyAsync(h => h.Host == normalized, cancellationToken))
            return TownActionResult.Refused(TownFields.Host, $"Le domaine {normalized} est déjà celui d'une autre commune.");

        town.Hosts.Add(new TenantHostRecord { Host = normalized, TenantId = town.Id });
        town.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Another town took it between the check and the save.
            return TownActionResult.Refused(TownFields.Host, $"Le domaine {normalized} est déjà celui d'une autre commune.");
        }
        await RecordAsync(actor, OperatorActions.TownHostAdded, slug, normalized);
        return TownActionResult.Done();
    }

    public async Task<TownActionResult> RemoveHostAsync(string slug, string? host, TownActor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.MayAct)
            return TownActionResult.Forbidden;
        var town = await db.Tenants.Include(t => t.Hosts).SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (town is null)
            return TownActionResult.NotFound;
        var normalized = TenantHostResolver.Normalize(host?.Trim());
        var record = town.Hosts.FirstOrDefault(h => h.Host == normalized);
        if (record is null)
            return TownActionResult.Refused(TownFields.Host, $"La commune n'a pas de domaine « {host} ».");
        town.Hosts.Remove(record);
        db.TenantHosts.Remove(record);
        town.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(actor, OperatorActions.TownHostRemoved, slug, normalized);
        return TownActionResult.Done();
    }

    /// <summary>
    /// Saves the town's FranceConnect credentials. The secret is write-only: left empty, the one
    /// already stored is kept (to change the environment or the client id alone).
    /// </summary>
    public async Task<TownActionResult> SetFranceConnectAsync(string slug, string? environment, string? clientId, string? clientSecret, TownActor actor, CancellationToken cancellationToken = default)
    {
        if (!actor.MayAct)
            return TownActionResult.Forbidden;
        var town = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        if (town is null)
            return TownActionResult.NotFound;
        if (town.PurgedAt is not null)
            return TownActionResult.Refused(TownFields.Whole, "Les données de cette commune ont été supprimées.");
        var existing = await db.FranceConnectCredentials.SingleOrDefaultAsync(c => c.TenantId == town.Id, cancellationToken);
        var errors = new Dictionary<string, string>();
        if (environment is null || !FranceConnectCredentialsStore.Environments.Contains(environment))
            errors[TownFields.Environment] = "Choisissez l'environnement : simulateur, bac à sable ou production.";
        if (string.IsNullOrWhiteSpace(clientId))
            errors[TownFields.ClientId] = "Indiquez l'identifiant client donné par FranceConnect.";
        else if (clientId.Trim().Length > 200)
            errors[TownFields.ClientId] = "L'identifiant client compte 200 caractères au plus.";
        if (string.IsNullOrWhiteSpace(clientSecret) && existing is null)
            errors[TownFields.ClientSecret] = "Indiquez le secret client donné par FranceConnect.";
        else if (clientSecret is { Length: > 500 })
            errors[TownFields.ClientSecret] = "Le secret client compte 500 caractères au plus.";
        if (errors.Count > 0)
            return TownActionResult.Refused(errors);

        var secretChanged = !string.IsNullOrWhiteSpace(clientSecret);
        if (secretChanged)
            await franceConnect.SetAsync(town.Id, environment!, clientId!.Trim(), clientSecret!.Trim(), cancellationToken);
        else
        {
            existing!.Environment = environment!;
            existing.ClientId = clientId!.Trim();
            existing.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        // Never the secret: whether it changed is enough.
        await RecordAsync(actor, OperatorActions.TownFranceConnect, slug,
            $"environnement {environment}, identifiant client {clientId!.Trim()}, secret {(secretChanged ? "remplacé" : "inchangé")}");
        return TownActionResult.Done();
    }

    /// <summary>The addresses the town must declare to FranceConnect: sign-in and sign-out returns on each of its origins.</summary>
    public static (IReadOnlyList<string> RedirectUris, IReadOnlyList<string> PostLogoutRedirectUris) FranceConnectReturns(TenancyOptions tenancy, string slug, IEnumerable<string> hosts)
    {
        var origins = new[] { tenancy.PublicOrigin(slug) }.Concat(hosts.Select(tenancy.HostOrigin)).ToList();
        return ([.. origins.Select(o => o + "/connexion/franceconnect/retour")], [.. origins.Select(o => o + "/deconnexion/franceconnect/retour")]);
    }

    private Task RecordAsync(TownActor actor, string action, string slug, string details) => TownJournal.RecordAsync(audit, actor, action, slug, details);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The recipe checks' lower-case reasons, as a sentence next to a field.</summary>
    private static string Sentence(string reason) => string.Concat(reason[..1].ToUpperInvariant(), reason[1..], reason.EndsWith('.') ? "" : ".");
}

/// <summary>Writes a town action to the operators' journal, as the console's operator or as the command line.</summary>
internal static class TownJournal
{
    public static Task RecordAsync(OperatorAudit audit, TownActor actor, string action, string slug, string? details) =>
        actor.IsCommandLine
            ? audit.RecordAsync(action, null, actor.Email, slug, CommandLine() + (details is null ? "" : $" — {details}"))
            : actor.ApiToken is { } token
                ? audit.RecordAsync(action, actor.OperatorId, actor.Email, slug, $"API (jeton {token})" + (details is null ? "" : $" — {details}"))
                : audit.RecordAsync(action, actor.OperatorId, actor.Email, slug, details);

    /// <summary>The command as typed, the FranceConnect secret masked: the journal never holds it.</summary>
    private static string CommandLine()
    {
        var args = Environment.GetCommandLineArgs().Skip(1).ToArray();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--client-secret=", StringComparison.Ordinal))
                args[i] = "--client-secret=***";
            else if (args[i] == "--client-secret" && i + 1 < args.Length)
                args[++i] = "***";
        }
        return string.Join(' ', ["grccloud", .. args]);
    }
}
