using System.Net.Mail;
using System.Text.RegularExpressions;
using GrcCloud.Host.Features.Notifications;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Tenancy;
using Microsoft.Extensions.Options;

namespace GrcCloud.Host.Infrastructure;

/// <summary>
/// The settings the host binds, checked when it starts (web role and command line alike): a wrong value
/// stops the start with a message naming the setting, instead of failing on the first request that needs
/// it. The data protection certificate (<see cref="Features.Identity.KeyEncryption"/>) and the trusted
/// proxies (<see cref="TrustedProxies"/>) are checked as they are registered.
/// </summary>
public static partial class SettingsChecks
{
    public const string FranceConnectSection = "GrcCloud:FranceConnect:Environments";

    public static IServiceCollection AddSettingsChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.Section))
            .Validate(o => DnsName().IsMatch(o.BaseDomain.Trim().TrimEnd('.')), $"{TenancyOptions.Section}:BaseDomain doit être un nom de domaine (par exemple grccloud.fr).")
            .Validate(o => o.PublicScheme is "http" or "https", $"{TenancyOptions.Section}:PublicScheme vaut http ou https.")
            .Validate(o => o.PublicPort is >= 0 and <= 65535, $"{TenancyOptions.Section}:PublicPort doit être un port (1 à 65535), ou 0.")
            .Validate(o => o.ProvisioningRetryAfterSeconds is > 0 and <= 3600, $"{TenancyOptions.Section}:ProvisioningRetryAfterSeconds doit être compris entre 1 et 3600.")
            .ValidateOnStart();
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section))
            .Validate(o => o.SmtpPort is > 0 and <= 65535, $"{MailOptions.Section}:SmtpPort doit être un port (1 à 65535).")
            .Validate(o => MailAddress.TryCreate(o.FromAddress, out var a) && a.Address == o.FromAddress, $"{MailOptions.Section}:FromAddress doit être une adresse électronique (ne-pas-repondre@exemple.fr).")
            .Validate(o => string.IsNullOrEmpty(o.Username) == string.IsNullOrEmpty(o.Password), $"{MailOptions.Section}:Username et {MailOptions.Section}:Password se donnent ensemble.")
            .ValidateOnStart();
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section))
            .Validate(o => o.Workers is >= 1 and <= 100, $"{JobsOptions.Section}:Workers doit être compris entre 1 et 100.")
            .Validate(o => o.ReminderDaysBeforeDue is >= 0 and <= 60, $"{JobsOptions.Section}:ReminderDaysBeforeDue doit être compris entre 0 et 60.")
            .Validate(o => o.DailyCron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is 5 or 6, $"{JobsOptions.Section}:DailyCron doit être une expression cron (par exemple « 0 7 * * * »).")
            .ValidateOnStart();
        services.AddOptions<MapOptions>().Bind(configuration.GetSection(MapOptions.Section))
            .Validate(o => IsWebAddress(o.TileUrl.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)), $"{MapOptions.Section}:TileUrl doit être une adresse http(s) absolue.")
            .ValidateOnStart();
        services.AddOptions<ExternalAddresses>()
            .Configure(o =>
            {
                o.Settings["GrcCloud:Addresses:BaseUrl"] = configuration["GrcCloud:Addresses:BaseUrl"];
                foreach (var environment in configuration.GetSection(FranceConnectSection).GetChildren())
                    o.Settings[$"{FranceConnectSection}:{environment.Key}:Issuer"] = environment["Issuer"];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExternalAddresses>, ExternalAddresses.Check>();
        return services;
    }

    /// <summary>Runs the checks now: the web role before its migrations, the command line before its command.</summary>
    public static void CheckSettings(this IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

    private static bool IsWebAddress(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    [GeneratedRegex("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex DnsName();

    /// <summary>Addresses of outside services (FranceConnect issuers, the address base): absolute http(s) when set.</summary>
    public sealed class ExternalAddresses
    {
        public Dictionary<string, string?> Settings { get; } = [];

        public sealed class Check : IValidateOptions<ExternalAddresses>
        {
            public ValidateOptionsResult Validate(string? name, ExternalAddresses options)
            {
                var wrong = options.Settings.Where(s => s.Key.StartsWith(FranceConnectSection, StringComparison.Ordinal) || !string.IsNullOrEmpty(s.Value))
                    .Where(s => !IsWebAddress(s.Value))
                    .Select(s => $"{s.Key} doit être une adresse http(s) absolue (reçu : « {s.Value} »).").ToList();
                return wrong.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(wrong);
            }
        }
    }
}
