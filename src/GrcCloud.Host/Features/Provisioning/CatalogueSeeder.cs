using GrcCloud.Data.Towns;
using UUIDNext;

namespace GrcCloud.Host.Features.Provisioning;

/// <summary>Turns a checked recipe into the town's first settings, services, catalogue and mail texts.</summary>
public static class CatalogueSeeder
{
    public const string DefaultAppeal =
        "Vous pouvez contester une décision par un recours gracieux auprès du maire, ou par un recours " +
        "contentieux devant le tribunal administratif dans un délai de deux mois à compter de sa notification.";

    public static void Seed(TenantDbContext db, TownRecipe recipe)
    {
        var town = recipe.Town;
        db.Settings.Add(new TownSettings
        {
            Name = town.Name!,
            PrimaryColor = town.Branding?.PrimaryColor ?? "#1d4f6e",
            AccentColor = town.Branding?.AccentColor ?? "#c8553d",
            Logo = recipe.Logo,
            LogoContentType = recipe.LogoContentType,
            ContactAddress = town.Contact?.Address,
            ContactPhone = town.Contact?.Phone,
            ContactEmail = town.Contact?.Email,
            ContactHours = town.Contact?.Hours,
            MailSenderName = town.MailSenderName ?? $"Mairie de {town.Name}",
            EmergencyBanner = town.EmergencyBanner,
            AppealText = town.Appeal ?? DefaultAppeal,
        });

        var services = new Dictionary<string, TownService>(StringComparer.Ordinal);
        foreach (var (service, position) in recipe.Services.Select((s, i) => (s, i)))
        {
            var contact = town.Services?.GetValueOrDefault(service.Slug!);
            var entity = new TownService
            {
                Id = NewId(),
                Slug = service.Slug!,
                Name = service.Name!,
                Description = service.Description,
                Email = contact?.Email ?? service.Email,
                Phone = contact?.Phone ?? service.Phone,
                Position = position,
            };
            services[entity.Slug] = entity;
            db.Services.Add(entity);
        }

        var themeIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var disabled = new HashSet<string>(town.DisabledThemes ?? [], StringComparer.Ordinal);
        foreach (var (family, familyPosition) in recipe.Families.Select((f, i) => (f, i)))
        {
            var familyEntity = new ThemeFamily
            {
                Id = NewId(),
                Slug = family.Slug!,
                Title = family.Title!,
                Description = family.Description,
                Position = familyPosition,
            };
            db.Families.Add(familyEntity);
            foreach (var (theme, position) in (family.Themes ?? []).Select((t, i) => (t, i)))
            {
                var id = NewId();
                themeIds[theme.Slug!] = id;
                db.Themes.Add(new Theme
                {
                    Id = id,
                    Slug = theme.Slug!,
                    FamilyId = familyEntity.Id,
                    ServiceId = services[theme.Service!].Id,
                    Title = theme.Title!,
                    Summary = theme.Summary,
                    Notice = theme.Notice,
                    DueDays = theme.DueDays!.Value,
                    Identification = Enum.Parse<IdentificationRequirement>(theme.Identification!, ignoreCase: true),
                    Silence = theme.Silence is null ? SilenceMeaning.None : Enum.Parse<SilenceMeaning>(theme.Silence, ignoreCase: true),
                    GuardRailMessage = theme.GuardRail?.Message,
                    GuardRailCallNumber = theme.GuardRail?.CallNumber,
                    GuardRailCallLabel = theme.GuardRail?.CallLabel,
                    Fields = [.. (theme.Fields ?? []).Select(ToField)],
                    Position = position,
                    IsActive = !disabled.Contains(theme.Slug!),
                    RequiresValidation = theme.RequiresValidation,
                    SiteVisitUsual = theme.SiteVisit,
                    IsReport = theme.Report,
                    Keywords = [.. (theme.Keywords ?? []).Select(k => k.Trim())],
                });
            }
        }

        foreach (var (key, mail) in recipe.Mails)
            db.MailTemplates.Add(new MailTemplate { Key = key, Subject = mail.Subject!, Body = mail.Body!, OriginalSubject = mail.Subject!, OriginalBody = mail.Body! });

        foreach (var reply in recipe.Replies)
        {
            db.ReplyTemplates.Add(new ReplyTemplate
            {
                Id = NewId(),
                ThemeId = reply.Theme is null ? null : themeIds[reply.Theme],
                Status = RecipeLoader.ReplyStatus(reply.Status)!.Value,
                Title = reply.Title!.Trim(),
                Body = reply.Body!.Trim(),
            });
        }
    }

    private static FormField ToField(FieldFile f) => new()
    {
        Name = f.Name!,
        Label = f.Label!,
        Type = f.Type!,
        Required = f.Required,
        Help = f.Help,
        MaxLength = f.MaxLength,
        Min = f.Min,
        Max = f.Max,
        Options = f.Options,
        Prefill = f.Prefill,
        MaxFiles = f.MaxFiles,
    };

    private static Guid NewId() => Uuid.NewDatabaseFriendly(Database.PostgreSql);
}
