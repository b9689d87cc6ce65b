namespace GrcCloud.Data.Towns;

/// <summary>The town's identity on its portal: one row.</summary>
public sealed class TownSettings
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public required string Name { get; set; }
    public string PrimaryColor { get; set; } = "#1d4f6e";
    public string AccentColor { get; set; } = "#c8553d";
    public byte[]? Logo { get; set; }
    public string? LogoContentType { get; set; }
    public string? ContactAddress { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactHours { get; set; }
    public required string MailSenderName { get; set; }
    /// <summary>Shown at the top of every portal page while set.</summary>
    public string? EmergencyBanner { get; set; }
    public required string AppealText { get; set; }
}

/// <summary>A municipal service that handles requests (état civil, voirie, ...).</summary>
public sealed class TownService
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public int Position { get; set; }
}

/// <summary>A group of themes a resident recognises at a glance.</summary>
public sealed class ThemeFamily
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int Position { get; set; }
    public List<Theme> Themes { get; set; } = [];
}

public enum IdentificationRequirement
{
    None,
    Account,
    FranceConnect,
}

/// <summary>What the administration's silence means once the due delay has passed (CRPA).</summary>
public enum SilenceMeaning
{
    None,
    Acceptance,
    Refusal,
}

/// <summary>One thing a resident can ask for: a form routed to a service.</summary>
public sealed class Theme
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public Guid FamilyId { get; set; }
    public ThemeFamily? Family { get; set; }
    public Guid ServiceId { get; set; }
    public TownService? Service { get; set; }
    public required string Title { get; set; }
    public string? Summary { get; set; }
    public string? Notice { get; set; }
    public int DueDays { get; set; }
    public IdentificationRequirement Identification { get; set; }
    public SilenceMeaning Silence { get; set; }
    /// <summary>For dangerous situations: the message and the number to call instead of the form.</summary>
    public string? GuardRailMessage { get; set; }
    public string? GuardRailCallNumber { get; set; }
    public string? GuardRailCallLabel { get; set; }
    public List<FormField> Fields { get; set; } = [];
    /// <summary>Bumped on every form change; a request keeps the version it was filled with.</summary>
    public int FormVersion { get; set; } = 1;
    public int Position { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>The decision must be validated by an elected official before it is resolved or rejected.</summary>
    public bool RequiresValidation { get; set; }
    /// <summary>A site visit is usual: the back-office offers to schedule one.</summary>
    public bool SiteVisitUsual { get; set; }
    /// <summary>A report (signalement) tells the town of a problem: no decision follows, so no appeal routes.</summary>
    public bool IsReport { get; set; }
    /// <summary>Other words residents type for this theme (abbreviations, everyday words, misspellings), for the search.</summary>
    public List<string> Keywords { get; set; } = [];
}

/// <summary>One field of a theme's form, stored as JSON with the theme.</summary>
public sealed record FormField
{
    public required string Name { get; init; }
    public required string Label { get; init; }
    public required string Type { get; init; }
    public bool Required { get; init; }
    public string? Help { get; init; }
    public int? MaxLength { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public IReadOnlyList<string>? Options { get; init; }
    public string? Prefill { get; init; }
    public int? MaxFiles { get; init; }
}

public static class FieldTypes
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "text", "textarea", "number", "date", "choice", "multichoice", "yesno",
        "email", "phone", "address", "location", "attachments",
    };

    public static readonly IReadOnlySet<string> Prefills = new HashSet<string>(StringComparer.Ordinal)
    {
        "given_name", "family_name", "birthdate", "birthplace", "email", "phone",
    };
}

/// <summary>A mail text of the town, with placeholders such as {reference}.</summary>
public sealed class MailTemplate
{
    public required string Key { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    /// <summary>The text provisioning gave (the town's recipe or its template): what the supervisor's "restore" goes back to.</summary>
    public required string OriginalSubject { get; set; }
    public required string OriginalBody { get; set; }
}
