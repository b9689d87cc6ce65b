using GrcCloud.Host.Infrastructure;

namespace GrcCloud.Host.Features.Notifications;

public static class MailSetup
{
    public static IServiceCollection AddGrcCloudMail(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        options.PickupFolder ??= Path.Combine(ProjectPaths.RepositoryRoot ?? Path.GetTempPath(), ".data", "mail");
        services.AddSingleton(options);
        services.AddSingleton<IMailSender, MailSender>();
        services.AddScoped<TownMailer>();
        services.AddScoped<GrcCloud.Host.Features.Requests.IPublicEventNotifier, PublicEventMails>();
        return services;
    }
}
