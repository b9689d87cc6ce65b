using System.Text.RegularExpressions;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Operator.Towns;

/// <summary>Where a creation is asked from: the console (and the API) asks for the contract's details; the command line keeps its old, shorter form.</summary>
public enum TownCreationChannel
{
    Console,
    CommandLine,
}

/// <summary>What an operator asks for: the town, its contract's details, its recipe, plan and hosts. Property names are the form's field names.</summary>
public sealed record TownCreationRequest
{
    public string? Name { get; init; }
    public string? Slug { get; init; }
    public string? Insee { get; init; }
    public string? Siret { get; init; }
    public string? AddressLine { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? SupervisorEmail { get; init; }
    /// <summary>A folder of tenants/ used as the template.</summary>
    public string? Recipe { get; init; }
    /// <summary>A plan's code; the default plan when empty.</summary>
    public string? Plan { get; init; }
    /// <summary>The town's own domains, besides &lt;slug&gt;.&lt;base-domain&gt;.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];
    /// <summary>The commune's bounding box (places given on a map must fall inside); optional.</summary>
    public CommuneArea? Area { get; init; }

    /// <summary>Spaces trimmed, empty values made null, host names one per line.</summary>
    public TownCreationRequest Normalized() => this with
    {
        Name = Clean(Name),
        Slug = Clean(Slug),
        Insee = Clean(Insee)?.ToUpperInvariant(),
        Siret = Clean(Siret)?.Replace(" ", "", StringComparison.Ordinal),
        AddressLine = Clean(AddressLine),
        PostalCode = Clean(PostalCode)?.Replace(" ", "", StringComparison.Ordinal),
        City = Clean(City),
        SupervisorEmail = Clean(SupervisorEmail),
        Recipe = Clean(Recipe),
        Plan = Clean(Plan),
        Hosts = [.. Hosts.Select(h => h.Trim()).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal)],
    };

    /// <summary>The host names of a text area, one per line.</summary>
    public static IReadOnlyList<string> HostLines(string? text) =>
        text is null ? [] : [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// Checks a creation request field by field (French reasons keyed by field name), the uniqueness of
/// slug, INSEE code and hosts included; the provisioner checks them again when the job runs.
/// </summary>
public sealed partial class TownCreationValidator(PlatformDbContext db, RecipeLoader recipes, TenancyOptions tenancy, TimeProvider clock)
{
    /// <summary>The recipes offered in the console: the templates of tenants/ (folders starting with "_"), not the demo towns.</summary>
    public IReadOnlyList<string> RecipeChoices() =>
        [.. Directory.GetDirectories(recipes.RecipesRoot)
            .Select(Path.GetFileName).OfType<string>()
            .Where(f => f.StartsWith('_') && File.Exists(Path.Combine(recipes.RecipesRoot, f, "catalogue.yaml")))
            .Order(StringComparer.Ordinal)];

    /// <summary>A reason as a sentence next to its field: « Le code INSEE est obligatoire. »</summary>
    public static string Sentence(string reason) =>
        string.Concat(reason[..1].ToUpperInvariant(), reason[1..], reason.EndsWith('.') ? "" : ".");

    /// <summary>The French reasons (lower-case, as the command line prints them) keyed by field name; empty when the request is acceptable.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(TownCreationRequest request, TownCreationChannel channel, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string field, string? reason)
        {
            if (reason is not null)
                errors.TryAdd(field, reason);
        }
        var console = channel == TownCreationChannel.Console;

        if (request.Name is null)
            Add(nameof(request.Name), "le nom de la commune est obligatoire");
        else if (request.Name.Length > 200)
            Add(nameof(request.Name), "le nom compte 200 caractères au plus");
        Add(nameof(request.Slug), TenantNames.CheckSlug(request.Slug));
        Add(nameof(request.Insee), TownIdentifiers.CheckInsee(request.Insee));
        if (console && request.Siret is null)
            Add(nameof(request.Siret), "le SIRET de la commune est obligatoire (facturation)");
        Add(nameof(request.Siret), TownIdentifiers.CheckSiret(request.Siret));
        if (console && request.AddressLine is null)
            Add(nameof(request.AddressLine), "l'adresse postale de la mairie est obligatoire");
        else if (request.AddressLine?.Length > 200)
            Add(nameof(request.AddressLine), "l'adresse compte 200 caractères au plus");
        if (console && request.PostalCode is null)
            Add(nameof(request.PostalCode), "le code postal est obligatoire");
        else if (request.PostalCode is not null && !PostalCodePattern().IsMatch(request.PostalCode))
            Add(nameof(request.PostalCode), $"code postal « {request.PostalCode} » invalide : 5 chiffres");
        if (console && request.City is null)
            Add(nameof(request.City), "la ville est obligatoire");
        else if (request.City?.Length > 100)
            Add(nameof(request.City), "la ville compte 100 caractères au plus");
        if (console && request.SupervisorEmail is null)
            Add(nameof(request.SupervisorEmail), "l'adresse électronique du superviseur est obligatoire : il reçoit l'invitation");
        else if (request.SupervisorEmail is not null && !Shared.EmailAddresses.IsValid(request.SupervisorEmail))
            Add(nameof(request.SupervisorEmail), Shared.EmailAddresses.Invalid);
        CheckRecipe(request, console, Add);
        if (request.Area is { } area)
            Add(nameof(request.Area), CommuneArea.Check(area.South, area.West, area.North, area.East));
        foreach (var host in request.Hosts)
        {
            var reason = TownIdentifiers.CheckHost(host);
            if (reason is null && (host == tenancy.BaseDomain || host.EndsWith("." + tenancy.BaseDomain, StringComparison.Ordinal)))
                reason = $"« {host} » est sous le domaine de la plateforme ({tenancy.BaseDomain}) : seul « <identifiant>.{tenancy.BaseDomain} » y revient à la commune, et il est déjà prévu";
            Add(nameof(request.Hosts), reason);
        }

        if (request.Plan is not null && !await db.Plans.AnyAsync(p => p.Code == request.Plan && !p.IsArchived, cancellationToken))
            Add(nameof(request.Plan), $"formule « {request.Plan} » inconnue ou archivée");
        if (!errors.ContainsKey(nameof(request.Slug)))
            Add(nameof(request.Slug), await SlugTakenAsync(request.Slug!, channel, cancellationToken));
        if (!errors.ContainsKey(nameof(request.Insee)))
        {
            var same = await db.Tenants.Where(t => t.InseeCode == request.Insee && t.Slug != request.Slug).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
            Add(nameof(request.Insee), same is null ? null : $"le code INSEE {request.Insee} est déjà celui de {same} : une commune n'a qu'un espace");
        }
        if (!errors.ContainsKey(nameof(request.Hosts)) && request.Hosts.Count > 0)
        {
            var hosts = request.Hosts.ToList();
            var taken = await db.TenantHosts.Where(h => hosts.Contains(h.Host))
                .Join(db.Tenants, h => h.TenantId, t => t.Id, (h, t) => new { h.Host, t.Slug }).FirstOrDefaultAsync(cancellationToken);
            if (taken is not null && taken.Slug != request.Slug)
                Add(nameof(request.Hosts), $"le nom d'hôte « {taken.Host} » est déjà utilisé par une autre commune");
        }
        return errors;
    }

    private void CheckRecipe(TownCreationRequest request, bool console, Action<string, string?> add)
    {
        var recipe = request.Recipe ?? RecipeLoader.DefaultTemplate;
        var known = console
            ? RecipeChoices().Contains(recipe, StringComparer.Ordinal)
            : RecipeFolderPattern().IsMatch(recipe) && Directory.Exists(Path.Combine(recipes.RecipesRoot, recipe));
        if (!known)
            add(nameof(request.Recipe), $"recette « {recipe} » introuvable dans tenants/");
    }

    /// <summary>A slug is free unless a town or a creation not yet failed has it; the command line may retry a town whose provisioning failed.</summary>
    private async Task<string?> SlugTakenAsync(string slug, TownCreationChannel channel, CancellationToken cancellationToken)
    {
        var town = await db.Tenants.AsNoTracking().Where(t => t.Slug == slug).Select(t => new { t.Status }).FirstOrDefaultAsync(cancellationToken);
        if (town is not null && !(channel == TownCreationChannel.CommandLine && town.Status == TenantStatus.Failed))
            return $"la commune « {slug} » existe déjà (état : {TownStatusLabels.Of(town.Status)})";
        var staleBefore = clock.GetUtcNow() - TownCreation.StaleRun;
        var pending = await db.ProvisioningRuns.AnyAsync(r => r.Slug == slug
            && (r.Status == ProvisioningRunStatus.Queued || (r.Status == ProvisioningRunStatus.Running && r.StartedAt > staleBefore)), cancellationToken);
        return pending ? $"la création de « {slug} » est déjà en cours" : null;
    }

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex PostalCodePattern();

    [GeneratedRegex("^[a-z0-9_][a-z0-9_-]{0,99}$")]
    private static partial Regex RecipeFolderPattern();
}
