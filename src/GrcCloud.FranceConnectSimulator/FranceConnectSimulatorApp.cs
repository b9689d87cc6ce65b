using GrcCloud.FranceConnectSimulator.Endpoints;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrcCloud.FranceConnectSimulator;

/// <summary>Builds the simulator: on its own (Program.cs) or in-process, from tests or from the platform's local run.</summary>
public static class FranceConnectSimulatorApp
{
    public const string DefaultUrl = "http://127.0.0.1:5081";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name keeps the simulator's identity when another entry assembly hosts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(FranceConnectSimulatorApp).Assembly.GetName().Name });
        // The local run writes its demo towns' clients to a JSON file (FranceConnectSimulator:ClientsFile).
        if (builder.Configuration["FranceConnectSimulator:ClientsFile"] is { Length: > 0 } clientsFile)
            builder.Configuration.AddJsonFile(Path.GetFullPath(clientsFile), optional: false);
        var port = builder.Configuration["GRCCLOUD_FC_PORT"];
        if (builder.Configuration["urls"] is null)
            builder.WebHost.UseUrls(port is { Length: > 0 } ? $"http://127.0.0.1:{port}" : DefaultUrl);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configure?.Invoke(builder);

        builder.Services.AddOptions<SimulatorOptions>()
            .Configure(options =>
            {
                // Another port, same host name: the default issuer follows it.
                if (port is { Length: > 0 })
                    options.Issuer = $"http://localhost:{port}{SimulatorIssuer.DefaultPath}";
            })
            .BindConfiguration(SimulatorOptions.Section);
        // TryAdd: a test may have put its own clock (or anything else) in place in configure.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SimulatorClients>();
        builder.Services.TryAddSingleton<SimulatorSigningKeys>();
        builder.Services.TryAddSingleton<TestIdentities>();
        builder.Services.TryAddSingleton<SimulatorIssuer>();
        builder.Services.TryAddSingleton<Grants>();
        builder.Services.TryAddSingleton<TokenSigner>();

        var app = builder.Build();
        var issuer = app.Services.GetRequiredService<SimulatorIssuer>();
        app.MapGet("/", Pages.Home);
        var api = app.MapGroup(issuer.Path);
        DiscoveryEndpoints.Map(api);
        AuthorizeEndpoints.Map(api);
        TokenEndpoints.Map(api);
        SessionEndpoints.Map(api);
        return app;
    }
}
