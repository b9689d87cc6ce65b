namespace GrcCloud.Host.Features.Statistics;

public static class StatisticsSetup
{
    public static IServiceCollection AddStatistics(IServiceCollection services)
    {
        services.AddScoped<TownStatistics>();
        services.AddScoped<StatisticsRollup>();
        services.AddScoped<RequestListExport>();
        services.AddScoped<OpenData>();
        return services;
    }
}
