using GrcCloud.StripeSimulator.Api;
using GrcCloud.StripeSimulator.Simulator;
using GrcCloud.StripeSimulator.Wire;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrcCloud.StripeSimulator;

/// <summary>Builds the simulator: on its own (Program.cs) or in-process, from tests.</summary>
public static class StripeSimulatorApp
{
    public const string DefaultUrl = "http://127.0.0.1:5082";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name keeps the simulator's identity when another entry assembly hosts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(StripeSimulatorApp).Assembly.GetName().Name });
        var port = builder.Configuration["GRCCLOUD_STRIPE_PORT"];
        if (builder.Configuration["urls"] is null)
            builder.WebHost.UseUrls(port is { Length: > 0 } ? $"http://127.0.0.1:{port}" : DefaultUrl);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configure?.Invoke(builder);

        builder.Services.AddOptions<StripeSimulatorOptions>().BindConfiguration(StripeSimulatorOptions.Section);
        // TryAdd: a test may have put its own clock (or anything else) in place in configure.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<StripeStore>();
        builder.Services.TryAddSingleton<Faults>();
        builder.Services.TryAddSingleton<IdempotencyCache>();
        builder.Services.TryAddSingleton<WebhookDispatcher>();
        builder.Services.TryAddSingleton<Billing>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookDispatcher>());
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(LocalhostNames.Handler);

        var app = builder.Build();
        // Faults first: an injected failure must not create anything behind it.
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<StripeApiMiddleware>();
        app.MapGet("/", () => Results.Text("Simulateur Stripe (GrcCloud) : API sous /v1, état sous /_simulator.", "text/plain; charset=utf-8"));
        var v1 = app.MapGroup("/v1");
        CatalogEndpoints.Map(v1);
        CustomerEndpoints.Map(v1);
        SubscriptionEndpoints.Map(v1);
        InvoiceEndpoints.Map(v1);
        TestClockEndpoints.Map(v1);
        EventEndpoints.Map(v1);
        v1.MapFallback((HttpContext context) => throw StripeErrorException.NotFound($"Unrecognized request URL ({context.Request.Method}: {context.Request.Path}).", null));
        InvoiceDocuments.Map(app);
        SimulatorControlEndpoints.Map(app.MapGroup("/_simulator"));
        return app;
    }
}
