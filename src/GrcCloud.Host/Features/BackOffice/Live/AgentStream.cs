using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.BackOffice.Queues;
using GrcCloud.Host.Features.Identity;
using GrcCloud.Host.Features.Shared;
using GrcCloud.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.BackOffice.Live;

/// <summary>
/// <c>GET /agents/flux</c>: server-sent events telling the signed-in agent's open queue about new and
/// changed requests of their services, in the current town only. Events carry the reference alone;
/// the page asks the queue for the row, which checks the agent's scope again.
/// </summary>
public static class AgentStream
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(25);

    /// <summary>The live queues: the NOTIFY of new requests, the hub, and the stream.</summary>
    public static IServiceCollection AddAgentQueues(this IServiceCollection services)
    {
        services.AddScoped<RequestQueue>();
        services.AddSingleton<NewRequestAnnouncer>();
        services.ConfigureDbContext<TenantDbContext>((sp, options) => options.AddInterceptors(sp.GetRequiredService<NewRequestAnnouncer>()), ServiceLifetime.Singleton);
        services.AddSingleton<AgentEventsHub>();
        services.AddHostedService(sp => sp.GetRequiredService<AgentEventsHub>());
        return services;
    }

    public static IEndpointRouteBuilder MapAgentQueues(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/agents/flux", StreamAsync)
            .RequireAuthorization(IdentitySetup.AgentPolicy)
            .WithMetadata(new SiteAttribute(SiteKind.Town));
        return routes;
    }

    private static async Task StreamAsync(HttpContext http, TenantDbContext db, TenantContext tenant, AgentEventsHub hub, CancellationToken cancellationToken)
    {
        if (await AgentScope.LoadAsync(db, http.User, cancellationToken) is not { } scope)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        using var subscription = hub.Subscribe(tenant.Required.Id, scope);
        await ServerSentEvents.StartAsync(http.Response, "flux ouvert", cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(Heartbeat);
                try
                {
                    if (!await subscription.Events.WaitToReadAsync(wait.Token))
                        return;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": toujours là\n\n", cancellationToken); // keeps proxies from closing an idle stream
                    await http.Response.Body.FlushAsync(cancellationToken);
                    continue;
                }
                while (subscription.Events.TryRead(out var item))
                    await ServerSentEvents.WriteAsync(http.Response, item.Kind, item.Reference, cancellationToken: cancellationToken);
                await http.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent left the page.
        }
    }
}
