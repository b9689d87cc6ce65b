using GrcCloud.Data;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Audit;
using GrcCloud.Host.Features.Billing;
using GrcCloud.Host.Features.BackOffice.Admin;
using GrcCloud.Host.Features.BackOffice.Live;
using GrcCloud.Host.Features.BackOffice.Workflow;
using GrcCloud.Host.Features.Catalogue;
using GrcCloud.Host.Features.Errors;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Identity.FranceConnect;
using GrcCloud.Host.Features.Integrations;
using GrcCloud.Host.Features.Notifications;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Host.Features.OperatorApi;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Host.Features.Provisioning;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Host.Infrastructure;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.Extensions.WebEncoders;

namespace GrcCloud.Host;

/// <summary>Builds the web host: every town's portal, the operator console, the public API.</summary>
public static class WebRole
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name anchors Razor page discovery to this assembly, also when a test hosts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(WebRole).Assembly.GetName().Name });
        if (builder.Configuration["GRCCLOUD_PORT"] is { Length: > 0 } port && builder.Configuration["urls"] is null)
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        configure?.Invoke(builder);

        var database = await DatabaseBootstrap.StartAsync(builder.Configuration, builder.Environment);
        builder.Services.AddGrcCloudCore(builder.Configuration, database.ConnectionString);
        builder.Services.AddHostedService<TenantRegistryListener>();
        builder.Services.AddSingleton<RequestChangeListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RequestChangeListener>());
        builder.Services.AddSingleton<RequestEventsHub>();
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Features";
            options.Conventions.Add(new SitePageConvention());
            options.Conventions.ConfigureFilter(new PageRequestGuard());
            options.Conventions.AddFolderApplicationModelConvention("/Operator", model => model.Filters.Add(new GrcCloud.Host.Features.Operator.SupportReadOnly()));
        });
        // Razor would otherwise write every accented letter as an entity (&#xE9;).
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddMemoryCache();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddDbContextCheck<PlatformDbContext>("database", tags: ["ready"]);
        builder.Services.AddScoped<PortalCatalogue>();
        builder.Services.AddSingleton<PortalCatalogueCache>();
        builder.Services.AddScoped<TypicalDelays>();
        GrcCloud.Host.Features.Statistics.StatisticsSetup.AddStatistics(builder.Services);
        builder.Services.AddPortalOutputCache();
        builder.Services.AddTrustedProxies(builder.Configuration);
        AgentStream.AddAgentQueues(builder.Services);
        builder.Services.AddOperatorApi(builder.Configuration);
        GrcCloud.Host.Features.Open311.Open311Setup.AddOpen311(builder.Services, builder.Configuration);
        GrcCloud.Host.Features.Api.TownApiSetup.AddTownApi(builder.Services);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() => database.DisposeAsync().AsTask().GetAwaiter().GetResult());
        app.Services.CheckSettings();

        await RunStartupTasksAsync(app);
        TrustedProxies.WarnWhenEverySenderIsTrusted(app);

        // The French error page in every environment (the developer reads the exception in the log):
        // what a person sees when something breaks is the page that is tested.
        app.UseExceptionHandler(ErrorPages.ExceptionHandlerOptions());
        if (!app.Environment.IsDevelopment())
            app.UseHsts(); // sent over HTTPS only: behind the TLS-terminating proxy with forwarded headers
        app.UseMiddleware<SecurityHeaders>();
        app.UseStatusCodePages(ErrorPages.RenderAsync);
        app.UseNulRefusal();
        app.UseStaticFiles();
        app.UseTenancy();
        app.UseRouting();
        // Before authentication: OpenIddict checks a client's secret there, and a guessed one must be counted too.
        app.UseRateLimiter();
        app.UseAuthentication();
        GrcCloud.Host.Features.Operator.OperatorAccess.UseOperatorUser(app);
        app.UseAuthorization();
        // After authentication: only anonymous pages are ever served from the cache.
        app.UseOutputCache();
        app.UseJobsDashboard();

        // Probes answer on every host (the load balancer's), said out loud: an unmarked endpoint answers nowhere.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(new AnySiteAttribute());
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).WithMetadata(new AnySiteAttribute());
        app.MapCatalogueApi();
        GrcCloud.Host.Features.Open311.Open311Api.MapOpen311(app);
        app.MapPortalAssets();
        app.MapTownTheme();
        app.MapTownAuthorizationServer();
        RequestAccess.MapRequestAttachments(app);
        RequestStream.MapRequestStream(app);
        AddressSuggestions.MapAddressSuggestions(app);
        app.MapTownCentre();
        app.MapStripeWebhook();
        AgentStream.MapAgentQueues(app);
        app.MapOperatorApi();
        GrcCloud.Host.Features.Api.TownApiSetup.MapTownApi(app);
        app.MapRazorPages();
        return app;
    }

    /// <summary>What the local run asks for at start: migrations, then the demo towns of tenants/.</summary>
    private static async Task RunStartupTasksAsync(WebApplication app)
    {
        var startup = app.Configuration.GetSection("GrcCloud:Startup");
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GrcCloud.Startup");
        if (startup.GetValue<bool>("Migrate"))
        {
            var results = await app.Services.GetRequiredService<GrcCloud.Data.Towns.TownSchemaMigrator>().MigrateAllAsync();
            foreach (var failed in results.Where(r => !r.Succeeded))
                log.LogError("Migration de {Slug} en échec : {Error}", failed.Slug, failed.Error);
        }
        if (startup.GetValue<bool>("DemoTowns"))
        {
            foreach (var demo in await app.Services.GetRequiredService<DemoTowns>().ProvisionAllAsync())
                log.LogInformation("Commune de démonstration {Slug} : {Outcome}", demo.Town.Slug, demo.Outcome == ProvisioningOutcome.Created ? "créée" : "déjà présente");
        }
    }

    /// <summary>Services shared by the web roles and the command line.</summary>
    public static IServiceCollection AddGrcCloudCore(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddSettingsChecks(configuration);
        services.AddTenancy(configuration);
        services.AddGrcCloudData(connectionString);
        services.AddSingleton(new RecipeLoader(ProjectPaths.RecipesFolder(configuration)));
        services.AddSingleton<TownProvisioner>();
        services.AddSingleton<DemoTowns>();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<RequestSubmission>();
        services.AddScoped<RequestTimeline>();
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, RequestAuthorizationHandler>();
        services.AddScoped<RequestDrafts>();
        services.AddScoped<NearbyRequests>();
        services.AddScoped<FollowOffers>();
        services.AddScoped<AuditLog>();
        services.AddScoped<GrcCloud.Host.Features.Operator.OperatorAudit>();
        services.AddScoped<GrcCloud.Host.Features.OperatorApi.OperatorApiTokens>();
        services.AddScoped<GrcCloud.Host.Features.Requests.Tracking.TrackingLinks>();
        WorkflowSetup.AddRequestWorkflow(services);
        AdminSetup.AddCatalogueAdmin(services);
        AddressSuggestions.AddAddressSuggestions(services, configuration);
        services.AddHttpContextAccessor();
        services.AddGrcCloudIdentity(configuration);
        services.AddGrcCloudMail(configuration);
        services.AddGrcCloudJobs(configuration, connectionString);
        GrcCloud.Host.Features.Operator.Usage.UsageSetup.AddTownUsage(services, configuration);
        services.AddFranceConnect();
        services.AddTownAuthorizationServer();
        GrcCloud.Host.Features.Webhooks.WebhooksSetup.AddWebhooks(services, configuration);
        GrcCloud.Host.Features.Operator.Towns.TownConsoleSetup.AddTownConsole(services);
        GrcCloud.Host.Features.Operator.Towns.Town.TownLifecycleSetup.AddTownLifecycle(services, configuration);
        services.AddBilling(configuration);
        return services;
    }

    /// <summary>Pages under Features/Operator answer on the operator host only; every other page on town hosts only.</summary>
    private sealed class SitePageConvention : IPageApplicationModelConvention
    {
        public void Apply(PageApplicationModel model)
        {
            var site = model.ViewEnginePath.StartsWith("/Operator/", StringComparison.Ordinal) ? SiteKind.Operator : SiteKind.Town;
            model.EndpointMetadata.Add(new SiteAttribute(site));
        }
    }
}
