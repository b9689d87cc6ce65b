using System.Text.RegularExpressions;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace GrcCloud.Host.Features.Provisioning;

/// <summary>One or more problems in a recipe; each line names the file and the field.</summary>
public sealed class RecipeException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Reads a recipe folder of tenants/ (files missing from a town folder come from its template) and
/// checks every field. Nothing is provisioned from a recipe that has an error.
/// </summary>
public sealed partial class RecipeLoader(string recipesRoot)
{
    public const string DefaultTemplate = "_template";

    public static readonly IReadOnlyList<string> RequiredMails = [.. Notifications.MailKinds.All.Select(k => k.Key)];

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public string RecipesRoot { get; } = Path.GetFullPath(recipesRoot);

    /// <summary>The town folders (those with a town.yaml), in name order.</summary>
    public IReadOnlyList<string> TownFolders() =>
        [.. Directory.GetDirectories(RecipesRoot)
            .Where(d => File.Exists(Path.Combine(d, "town.yaml")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];

    /// <summary>Loads a town folder of tenants/ (with its town.yaml).</summary>
    public TownRecipe LoadTown(string folder)
    {
        var errors = new List<string>();
        var townPath = PathOf(folder, "town.yaml");
        if (!File.Exists(townPath))
            throw new RecipeException([$"{Display(townPath)}: fichier introuvable"]);
        var town = Read<TownFile>(townPath, errors) ?? new TownFile();
        ThrowIfAny(errors);
        return Complete(folder, town, errors);
    }

    /// <summary>A town made on the command line: identity from the arguments, the rest from a template (or a town folder used as one).</summary>
    public TownRecipe LoadFromTemplate(string template, string slug, string name, string insee, string? siret, IReadOnlyList<string> hosts, CommuneArea? area = null)
    {
        var errors = new List<string>();
        var townPath = PathOf(template, "town.yaml");
        var baseTown = File.Exists(townPath) ? Read<TownFile>(townPath, errors) ?? new TownFile() : new TownFile();
        ThrowIfAny(errors);
        baseTown.Slug = slug;
        baseTown.Name = name;
        baseTown.Insee = insee;
        baseTown.Siret = siret;
        baseTown.Hosts = [.. hosts];
        baseTown.Template = File.Exists(townPath) ? baseTown.Template : null;
        baseTown.MailSenderName = null;
        baseTown.Franceconnect = null; // credentials are the town's own, never copied from a template
        baseTown.Area = AreaFile.From(area); // the commune's own, never the template town's
        return Complete(template, baseTown, errors, sourceIsTemplate: !File.Exists(townPath));
    }

    private TownRecipe Complete(string folder, TownFile town, List<string> errors, bool sourceIsTemplate = false)
    {
        if (!Directory.Exists(Path.Combine(RecipesRoot, folder)))
            throw new RecipeException([$"tenants/{folder}: dossier de recette introuvable"]);
        var template = sourceIsTemplate ? folder : town.Template ?? DefaultTemplate;
        if (!Directory.Exists(Path.Combine(RecipesRoot, template)))
            throw new RecipeException([$"{Display(PathOf(folder, "town.yaml"))}: template: modèle « {template} » introuvable dans tenants/"]);

        var servicesPath = Pick(folder, template, "services.yaml");
        var cataloguePath = Pick(folder, template, "catalogue.yaml");
        var mailPath = Pick(folder, template, "mail.yaml");
        var services = Read<ServicesFile>(servicesPath, errors)?.Services ?? [];
        var families = Read<CatalogueFile>(cataloguePath, errors)?.Families ?? [];
        var mails = Read<MailFile>(mailPath, errors)?.Mails ?? [];
        // Optional: a recipe without replies.yaml (its own or its template's) seeds no reply template.
        var repliesPath = Pick(folder, template, "replies.yaml");
        var replies = File.Exists(repliesPath) ? Read<RepliesFile>(repliesPath, errors)?.Replies ?? [] : [];
        ThrowIfAny(errors);

        var townFile = Display(PathOf(folder, "town.yaml"));
        CheckTown(town, townFile, errors);
        var serviceSlugs = CheckServices(services, Display(servicesPath), errors);
        var themeSlugs = CheckCatalogue(families, serviceSlugs, Display(cataloguePath), errors);
        CheckMails(mails, Display(mailPath), errors);
        CheckReplies(replies, themeSlugs, Display(repliesPath), errors);
        foreach (var (slug, _) in town.Services ?? [])
        {
            if (!serviceSlugs.Contains(slug))
                errors.Add($"{townFile}: services.{slug}: service inconnu (absent de {Display(servicesPath)})");
        }
        foreach (var (disabled, i) in (town.DisabledThemes ?? []).Select((s, i) => (s, i)))
        {
            if (!themeSlugs.Contains(disabled))
                errors.Add($"{townFile}: disabled_themes[{i}]: thème « {disabled} » inconnu");
        }

        byte[]? logo = null;
        string? logoType = null;
        if (town.Branding?.Logo is { Length: > 0 } logoName)
        {
            var logoPath = PathOf(folder, logoName);
            logoType = Path.GetExtension(logoName).ToLowerInvariant() switch
            {
                ".svg" => "image/svg+xml",
                ".png" => "image/png",
                _ => null,
            };
            if (logoType is null)
                errors.Add($"{townFile}: branding.logo: seuls les formats SVG et PNG sont acceptés");
            else if (!File.Exists(logoPath) || Path.GetFileName(logoName) != logoName)
                errors.Add($"{townFile}: branding.logo: fichier « {logoName} » introuvable dans tenants/{folder}");
            else
                logo = File.ReadAllBytes(logoPath);
        }
        ThrowIfAny(errors);
        return new TownRecipe(folder, town, services, families, mails, logo, logoType, replies);
    }

    private static void CheckTown(TownFile town, string file, List<string> errors)
    {
        if (TenantNames.CheckSlug(town.Slug) is { } slugError)
            errors.Add($"{file}: slug: {slugError}");
        if (string.IsNullOrWhiteSpace(town.Name))
            errors.Add($"{file}: name: le nom de la commune est obligatoire");
        else if (town.Name.Length > 200)
            errors.Add($"{file}: name: 200 caractères au plus");
        if (TownIdentifiers.CheckInsee(town.Insee) is { } inseeError)
            errors.Add($"{file}: insee: {inseeError}");
        if (town.Siret is not null && TownIdentifiers.CheckSiret(town.Siret) is { } siretError)
            errors.Add($"{file}: siret: {siretError}");
        foreach (var (host, i) in (town.Hosts ?? []).Select((h, i) => (h, i)))
        {
            if (TownIdentifiers.CheckHost(host) is { } hostError)
                errors.Add($"{file}: hosts[{i}]: {hostError}");
        }
        if (town.Franceconnect is { } fc)
        {
            if (fc.Environment is not ("simulator" or "sandbox" or "production"))
                errors.Add($"{file}: franceconnect.environment: valeur attendue simulator, sandbox ou production");
            if (string.IsNullOrWhiteSpace(fc.ClientId) || string.IsNullOrWhiteSpace(fc.ClientSecret))
                errors.Add($"{file}: franceconnect: client_id et client_secret sont obligatoires");
        }
        if (town.Area is { } area)
        {
            var reason = area.ToArea() is { } box ? CommuneArea.Check(box.South, box.West, box.North, box.East) : "south, west, north et east sont obligatoires";
            if (reason is not null)
                errors.Add($"{file}: area: emprise de la commune invalide : {reason}");
        }
        if (town.Contact?.Phone is { } phone && !Shared.PhoneNumbers.IsValid(phone))
            errors.Add($"{file}: contact.phone: « {phone} » n'est pas un numéro de téléphone : {Shared.PhoneNumbers.Expected}");
        foreach (var (slug, contact) in town.Services ?? [])
        {
            if (contact?.Phone is { } servicePhone && !Shared.PhoneNumbers.IsValid(servicePhone))
                errors.Add($"{file}: services.{slug}.phone: « {servicePhone} » n'est pas un numéro de téléphone : {Shared.PhoneNumbers.Expected}");
        }
        CheckEmail(town.Contact?.Email, $"{file}: contact.email", errors);
        foreach (var (slug, contact) in town.Services ?? [])
            CheckEmail(contact?.Email, $"{file}: services.{slug}.email", errors);
        CheckColor(town.Branding?.PrimaryColor, "branding.primary_color");
        CheckColor(town.Branding?.AccentColor, "branding.accent_color");
        if (town.Branding?.PrimaryColor is { } primary && ColorPattern().IsMatch(primary) && !Portal.TownColors.IsReadable(primary))
            errors.Add(string.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"),
                $"{file}: branding.primary_color: « {primary} » n'a qu'un contraste de {Portal.TownColors.Contrast(primary, Portal.TownColors.Surface):0.0}:1 avec les fonds clairs et le texte blanc, il faut {Portal.TownColors.MinimumContrast:0.0}:1 au moins (RGAA 3.2) ; la même teinte assez foncée : « {Portal.TownColors.Readable(primary)} »"));

        void CheckColor(string? color, string field)
        {
            if (color is not null && !ColorPattern().IsMatch(color))
                errors.Add($"{file}: {field}: couleur attendue au format #rrggbb, reçu « {color} »");
        }
    }

    private static void CheckEmail(string? email, string at, List<string> errors)
    {
        if (email is not null && !Shared.EmailAddresses.IsValid(email))
            errors.Add($"{at}: adresse électronique « {email} » invalide (exemple : accueil@mairie.example)");
    }

    private static HashSet<string> CheckServices(List<ServiceFile> services, string file, List<string> errors)
    {
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        if (services.Count == 0)
            errors.Add($"{file}: services: au moins un service est nécessaire");
        for (var i = 0; i < services.Count; i++)
        {
            var s = services[i];
            var at = $"{file}: services[{i}]";
            if (s.Slug is null || !SlugPattern().IsMatch(s.Slug))
                errors.Add($"{at}.slug: identifiant attendu en minuscules, chiffres et tirets");
            else if (!slugs.Add(s.Slug))
                errors.Add($"{at}.slug: « {s.Slug} » est déjà utilisé");
            if (string.IsNullOrWhiteSpace(s.Name))
                errors.Add($"{at}.name: le nom du service est obligatoire");
            if (s.Phone is not null && !Shared.PhoneNumbers.IsValid(s.Phone))
                errors.Add($"{at}.phone: « {s.Phone} » n'est pas un numéro de téléphone : {Shared.PhoneNumbers.Expected}");
            CheckEmail(s.Email, $"{at}.email", errors);
        }
        return slugs;
    }

    private static HashSet<string> CheckCatalogue(List<FamilyFile> families, HashSet<string> services, string file, List<string> errors)
    {
        var familySlugs = new HashSet<string>(StringComparer.Ordinal);
        var themeSlugs = new HashSet<string>(StringComparer.Ordinal);
        if (families.Count == 0)
            errors.Add($"{file}: families: au moins une famille de thèmes est nécessaire");
        for (var f = 0; f < families.Count; f++)
        {
            var family = families[f];
            var at = $"{file}: families[{f}]";
            if (family.Slug is null || !SlugPattern().IsMatch(family.Slug))
                errors.Add($"{at}.slug: identifiant attendu en minuscules, chiffres et tirets");
            else if (!familySlugs.Add(family.Slug))
                errors.Add($"{at}.slug: « {family.Slug} » est déjà utilisé");
            if (string.IsNullOrWhiteSpace(family.Title))
                errors.Add($"{at}.title: le titre de la famille est obligatoire");
            var themes = family.Themes ?? [];
            if (themes.Count == 0)
                errors.Add($"{at}.themes: une famille sans thème n'a pas de sens");
            for (var t = 0; t < themes.Count; t++)
                CheckTheme(themes[t], $"{at}.themes[{t}]", services, themeSlugs, errors);
        }
        return themeSlugs;
    }

    private static void CheckTheme(ThemeFile theme, string at, HashSet<string> services, HashSet<string> themeSlugs, List<string> errors)
    {
        if (theme.Slug is null || !SlugPattern().IsMatch(theme.Slug))
            errors.Add($"{at}.slug: identifiant attendu en minuscules, chiffres et tirets");
        else if (!themeSlugs.Add(theme.Slug))
            errors.Add($"{at}.slug: « {theme.Slug} » est déjà utilisé dans le catalogue");
        if (string.IsNullOrWhiteSpace(theme.Title))
            errors.Add($"{at}.title: le titre du thème est obligatoire");
        if (theme.Service is null)
            errors.Add($"{at}.service: le service destinataire est obligatoire");
        else if (!services.Contains(theme.Service))
            errors.Add($"{at}.service: service « {theme.Service} » inconnu");
        if (theme.DueDays is not (>= 1 and <= 365))
            errors.Add($"{at}.due_days: délai attendu entre 1 et 365 jours");
        if (!Enum.TryParse<IdentificationRequirement>(theme.Identification, ignoreCase: true, out _))
            errors.Add($"{at}.identification: valeur attendue none, account ou franceconnect");
        if (theme.Silence is not null && !Enum.TryParse<SilenceMeaning>(theme.Silence, ignoreCase: true, out _))
            errors.Add($"{at}.silence: valeur attendue none, acceptance ou refusal");
        if (theme.GuardRail is { } guard && (string.IsNullOrWhiteSpace(guard.Message) || string.IsNullOrWhiteSpace(guard.CallNumber)))
            errors.Add($"{at}.guard_rail: message et call_number sont obligatoires");
        if (theme.Keywords?.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 60) == true)
            errors.Add($"{at}.keywords: chaque mot-clé compte de 1 à 60 caractères");

        // The same rules as the catalogue's form editor (FormDefinitionRules), reported at the YAML key.
        var fields = (theme.Fields ?? []).Select(ToDefinition).ToList();
        foreach (var (i, problem) in Requests.Forms.FormDefinitionRules.CheckForm(fields))
            errors.Add(i < 0 ? $"{at}.{problem.Property}: {problem.Message}" : $"{at}.fields[{i}].{problem.Property}: {problem.Message}");
    }

    private static Requests.Forms.FieldDefinition ToDefinition(FieldFile f) =>
        new(f.Name, f.Label, f.Type, f.Help, f.MaxLength, f.Min, f.Max, f.Options, f.Prefill, f.MaxFiles);

    private static void CheckMails(Dictionary<string, MailTextFile> mails, string file, List<string> errors)
    {
        foreach (var key in RequiredMails)
        {
            if (!mails.TryGetValue(key, out var mail))
                errors.Add($"{file}: mails.{key}: texte manquant");
            else if (string.IsNullOrWhiteSpace(mail.Subject) || string.IsNullOrWhiteSpace(mail.Body))
                errors.Add($"{file}: mails.{key}: subject et body sont obligatoires");
            else if (Notifications.MailKinds.Unknown(Notifications.MailKinds.Find(key)!, mail.Subject + mail.Body) is { Count: > 0 } unknown)
                errors.Add($"{file}: mails.{key}: repère {string.Join(", ", unknown)} inconnu (attendu : {string.Join(", ", Notifications.MailKinds.Find(key)!.Placeholders)})");
        }
    }

    /// <summary>The status names of replies.yaml: snake_case of <see cref="RequestStatus"/> (in_progress, awaiting_resident…).</summary>
    public static RequestStatus? ReplyStatus(string? name) =>
        name is not null && SnakeCasePattern().IsMatch(name) && Enum.TryParse<RequestStatus>(name.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var status)
            ? status : null;

    private static void CheckReplies(List<ReplyFile> replies, HashSet<string> themes, string file, List<string> errors)
    {
        var statuses = string.Join(", ", Enum.GetValues<RequestStatus>().Select(s => SnakeCase(s.ToString())));
        for (var i = 0; i < replies.Count; i++)
        {
            var reply = replies[i];
            var at = $"{file}: replies[{i}]";
            if (ReplyStatus(reply.Status) is null)
                errors.Add($"{at}.status: état « {reply.Status} » inconnu (attendu : {statuses})");
            if (reply.Theme is not null && !themes.Contains(reply.Theme))
                errors.Add($"{at}.theme: thème « {reply.Theme} » inconnu");
            if (string.IsNullOrWhiteSpace(reply.Title))
                errors.Add($"{at}.title: le titre est obligatoire");
            else if (reply.Title.Length > 200)
                errors.Add($"{at}.title: 200 caractères au plus");
            if (string.IsNullOrWhiteSpace(reply.Body))
                errors.Add($"{at}.body: le texte est obligatoire");
            else if (reply.Body.Length > 8000)
                errors.Add($"{at}.body: 8000 caractères au plus");
            else if (BackOffice.Admin.ReplyPlaceholders.Unknown(reply.Body) is { Count: > 0 } unknown)
                errors.Add($"{at}.body: repère {string.Join(", ", unknown)} inconnu (attendu : {string.Join(", ", BackOffice.Admin.ReplyPlaceholders.All)})");
        }
    }

    private static string SnakeCase(string pascal) => SnakeBoundary().Replace(pascal, "_$1").ToLowerInvariant();

    private T? Read<T>(string path, List<string> errors) where T : class
    {
        try
        {
            return Yaml.Deserialize<T>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            errors.Add($"{Display(path)}: ligne {e.Start.Line}, colonne {e.Start.Column}: contenu invalide ({reason})");
            return null;
        }
        catch (FileNotFoundException)
        {
            errors.Add($"{Display(path)}: fichier introuvable");
            return null;
        }
    }

    private string Pick(string folder, string template, string file) =>
        File.Exists(PathOf(folder, file)) ? PathOf(folder, file) : PathOf(template, file);

    private string PathOf(string folder, string file) => Path.Combine(RecipesRoot, folder, file);

    private string Display(string path) => "tenants/" + Path.GetRelativePath(RecipesRoot, path).Replace('\\', '/');

    private static void ThrowIfAny(List<string> errors)
    {
        if (errors.Count > 0)
            throw new RecipeException(errors);
    }

    [GeneratedRegex("^[a-z0-9](?:-?[a-z0-9])*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z]+(?:_[a-z]+)*$")]
    private static partial Regex SnakeCasePattern();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex SnakeBoundary();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}
