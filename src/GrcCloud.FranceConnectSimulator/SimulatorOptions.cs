namespace GrcCloud.FranceConnectSimulator;

/// <summary>Section « FranceConnectSimulator » of the configuration.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "FranceConnectSimulator";
    public const string DefaultIssuer = "http://localhost:5081/api/v2";

    /// <summary>The issuer, also the base of every endpoint. Empty: derived from each request (scheme, host, /api/v2).</summary>
    public string Issuer { get; set; } = DefaultIssuer;

    /// <summary>Service providers known at start; more can be added at run time through <see cref="SimulatorClients"/>.</summary>
    public List<SimulatorClient> Clients { get; set; } = [];

    /// <summary>A CSV file replacing the embedded test identities (same columns as identities.csv).</summary>
    public string? IdentitiesFile { get; set; }
}

/// <summary>A service provider (one town) as FranceConnect registers it: credentials and exact URIs.</summary>
public sealed class SimulatorClient
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";

    /// <summary>Shown on the login page (« Mairie de Lavaur »); the client id when empty.</summary>
    public string? Name { get; set; }

    /// <summary>Callback URIs, compared character for character as FranceConnect does.</summary>
    public string[] RedirectUris { get; set; } = [];

    public string[] PostLogoutRedirectUris { get; set; } = [];
}
