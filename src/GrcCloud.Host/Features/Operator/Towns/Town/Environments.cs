namespace GrcCloud.Host.Features.Operator.Towns.Town;

/// <summary>FranceConnect's environments in French, for the town's page.</summary>
public static class Environments
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Options =
    [
        new("simulator", "Simulateur (essais locaux)"),
        new("sandbox", "Bac à sable FranceConnect (intégration)"),
        new("production", "Production"),
    ];

    public static string Label(string environment) => Options.FirstOrDefault(o => o.Key == environment).Value ?? environment;
}
