using Microsoft.AspNetCore.Identity;

namespace GrcCloud.Data.Towns;

public enum UserKind
{
    /// <summary>A resident using the portal.</summary>
    Resident,
    /// <summary>A member of the town's staff or an elected official, using the back-office.</summary>
    Agent,
}

/// <summary>
/// A person with an account in one town (residents and agents alike; accounts never span towns).
/// The e-mail is unique within the town; a person who is both resident and agent uses two addresses.
/// </summary>
public sealed class TownUser : IdentityUser<Guid>
{
    public UserKind Kind { get; set; }
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    /// <summary>Usage name from FranceConnect (preferred_username), may be empty.</summary>
    public string? UsageName { get; set; }
    /// <summary>As FranceConnect gives it: may be "1992-11-00" or "1992-00-00" for a person born abroad whose day or month is unknown.</summary>
    public string? BirthDate { get; set; }
    /// <summary>INSEE COG code of the birth commune (empty when born abroad).</summary>
    public string? BirthPlace { get; set; }
    /// <summary>INSEE COG code of the birth country (France = 99100).</summary>
    public string? BirthCountry { get; set; }
    public string? Gender { get; set; }
    /// <summary>FranceConnect's pairwise subject for this town; set once the person linked their identity.</summary>
    public string? FranceConnectSub { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
    /// <summary>Agents: new requests of their services by one mail each (false) or in a daily digest (true).</summary>
    public bool DailyDigest { get; set; }

    public string DisplayName =>
        string.Join(' ', new[] { GivenName, FamilyName }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } name ? name : Email ?? "";
}

/// <summary>The functions an agent account can hold in the back-office.</summary>
public static class AgentRoles
{
    public const string Agent = "agent";
    public const string HeadOfService = "head_of_service";
    /// <summary>The mayor's office: catalogue, services, accounts; sees every request.</summary>
    public const string Supervisor = "supervisor";
    public const string ElectedOfficial = "elected";
    public const string ReadOnly = "readonly";

    public static readonly IReadOnlyList<string> All = [Agent, HeadOfService, Supervisor, ElectedOfficial, ReadOnly];

    public static string Label(string role) => role switch
    {
        Agent => "Agent",
        HeadOfService => "Chef de service",
        Supervisor => "Superviseur (cabinet du maire)",
        ElectedOfficial => "Élu",
        ReadOnly => "Lecture seule",
        _ => role,
    };
}

/// <summary>An agent's membership of a service (the services whose requests reach them).</summary>
public sealed class AgentServiceMembership
{
    public Guid UserId { get; set; }
    public Guid ServiceId { get; set; }
}
