using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrcCloud.Host.Features.Billing;

public static class BillingSetup
{
    /// <summary>Billing's services (web roles and command line).</summary>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        StripeOptions.Add(services, configuration);
        // TryAdd: a test puts a clock it can move in place first.
        services.TryAddSingleton(sp => new BillingClock(sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<StripeCatalogue>();
        services.AddScoped<InvoiceMirror>();
        services.AddScoped<BillingStateUpdater>();
        services.AddScoped<TownBillingService>();
        services.AddScoped<PlanCatalogue>();
        services.AddScoped<BillingOverview>();
        services.AddScoped<BillingDelays>();
        services.AddScoped<BillingWarnings>();
        services.AddScoped<StripeEventHandler>();
        services.AddSingleton<BillingDailyJob>();
        if (configuration.GetValue("GrcCloud:Jobs:RunServer", true))
            services.AddHostedService<BillingJobRegistration>();
        return services;
    }

}

/// <summary>The daily pass, at the other daily jobs' hour (Paris time); registered at start (idempotent).</summary>
internal sealed class BillingJobRegistration(IRecurringJobManager recurring, GrcCloud.Host.Features.Notifications.Jobs.JobsOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<BillingDailyJob>(BillingDailyJob.RecurringJobId, job => job.RunAsync(), options.DailyCron,
            new RecurringJobOptions { TimeZone = GrcCloud.Host.Features.Shared.ParisTime.Zone });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
