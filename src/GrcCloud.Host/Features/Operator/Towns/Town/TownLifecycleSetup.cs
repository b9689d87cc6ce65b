using GrcCloud.Host.Infrastructure;
using Microsoft.Extensions.Options;

namespace GrcCloud.Host.Features.Operator.Towns.Town;

/// <summary>Where the exports of towns' data are kept (<c>GrcCloud:Exports</c>).</summary>
public sealed class ExportsOptions
{
    public const string Section = "GrcCloud:Exports";

    /// <summary>An absolute folder on durable storage; a subfolder per town. Default: .data/exports of the checkout.</summary>
    public string Path { get; set; } = "";
}

/// <summary>How long a cancelled town's schema is kept before it may be purged (<c>GrcCloud:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "GrcCloud:Retention";

    public int CancelledTownDays { get; set; } = 90;
}

public static class TownLifecycleSetup
{
    /// <summary>The actions on one town (console, command line, API) and their settings, checked at start.</summary>
    public static IServiceCollection AddTownLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExportsOptions>().Bind(configuration.GetSection(ExportsOptions.Section))
            .PostConfigure(o => o.Path = o.Path is { Length: > 0 } configured ? configured
                : System.IO.Path.Combine(ProjectPaths.RepositoryRoot ?? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), ".data", "exports"))
            .Validate(o => System.IO.Path.IsPathFullyQualified(o.Path) && o.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) < 0,
                $"{ExportsOptions.Section}:Path doit être un dossier en chemin absolu (par exemple /var/lib/grccloud/exports).")
            .ValidateOnStart();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.CancelledTownDays is >= 1 and <= 3650, $"{RetentionOptions.Section}:CancelledTownDays doit être compris entre 1 et 3650 (jours).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ExportsOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RetentionOptions>>().Value);
        services.AddScoped<TownConfiguration>();
        services.AddScoped<TownLifecycle>();
        services.AddScoped<TownExports>();
        services.AddScoped<TownOverviews>();
        return services;
    }
}
