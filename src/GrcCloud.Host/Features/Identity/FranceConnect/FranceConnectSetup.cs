namespace GrcCloud.Host.Features.Identity.FranceConnect;

public static class FranceConnectSetup
{
    public static IServiceCollection AddFranceConnect(this IServiceCollection services)
    {
        services.AddHttpClient(nameof(FranceConnectClient), client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<FranceConnectClient>();
        services.AddScoped<FranceConnectCredentialsStore>();
        services.AddScoped<FranceConnectAvailability>();
        services.AddScoped<FranceConnectFlow>();
        services.AddScoped<FranceConnectSignOut>();
        services.AddScoped<AccountMails>();
        services.AddScoped<GrcCloud.Host.Features.BackOffice.AgentInvitations>();
        return services;
    }
}
