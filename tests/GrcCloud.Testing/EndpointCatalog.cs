using System.Reflection;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace GrcCloud.Testing;

/// <summary>One way in: an HTTP method, the Razor handler name (<c>?handler=</c>) if any, and the fields it binds.</summary>
public sealed record EndpointHandler(string Method, string? Name, IReadOnlyList<string> Fields, IReadOnlyList<string> Files);

/// <summary>An address of the platform as its route table declares it, with the site it answers on (null: every site).</summary>
public sealed record EndpointTarget(string Route, SiteKind? Site, IReadOnlyList<string> RouteParameters, IReadOnlyList<EndpointHandler> Handlers)
{
    public override string ToString() => Route;
}

/// <summary>
/// Every endpoint of a running platform, read from its <see cref="EndpointDataSource"/> (Razor pages with
/// each handler and the fields it binds, minimal APIs with their methods and query parameters), plus the
/// addresses middleware serve outside the route table (OpenIddict's metadata, the jobs dashboard). A new
/// page or endpoint appears here without anyone listing it.
/// </summary>
public static class EndpointCatalog
{
    public static async Task<IReadOnlyList<EndpointTarget>> ReadAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var targets = new List<EndpointTarget>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            var site = endpoint.Metadata.GetMetadata<SiteAttribute>()?.Kind;
            var parameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                targets.Add(new EndpointTarget(route, site, parameters, PageHandlers(compiled, parameters)));
            }
            else if (endpoint.Metadata.GetMetadata<MethodInfo>() is { } method)
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
                var fields = method.GetParameters().Where(p => IsSimple(p.ParameterType) && !parameters.Contains(p.Name!, StringComparer.OrdinalIgnoreCase))
                    .Select(p => p.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
                        ?? p.GetCustomAttributes().OfType<IFromFormMetadata>().FirstOrDefault()?.Name ?? p.Name!).ToList();
                targets.Add(new EndpointTarget(route, site, parameters, methods.Select(m => new EndpointHandler(m, null, fields, [])).ToList()));
            }
        }

        // Served by middleware before routing: OpenIddict's discovery documents, the jobs dashboard.
        var openIddict = services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        foreach (var uri in openIddict.ConfigurationEndpointUris.Concat(openIddict.JsonWebKeySetEndpointUris))
            targets.Add(new EndpointTarget("/" + uri.OriginalString.TrimStart('/'), SiteKind.Town, [], [new EndpointHandler(HttpMethods.Get, null, [], [])]));
        targets.Add(new EndpointTarget(JobsSetup.DashboardPath, SiteKind.Operator, [], [new EndpointHandler(HttpMethods.Get, null, [], [])]));
        return targets.DistinctBy(t => (t.Route, t.Site)).ToList();
    }

    private static List<EndpointHandler> PageHandlers(CompiledPageActionDescriptor page, IReadOnlyList<string> routeParameters)
    {
        var properties = page.BoundProperties.OfType<PageBoundPropertyDescriptor>()
            .SelectMany(p => FieldNames(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType)).ToList();
        var handlers = page.HandlerMethods.Select(h =>
        {
            var bound = h.Parameters
                .Where(p => p.BindingInfo?.BindingSource is not { } source || source.IsFromRequest && source != BindingSource.Path && source != BindingSource.Header)
                .Where(p => !routeParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase) && p.ParameterType != typeof(CancellationToken))
                .SelectMany(p => FieldNames(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType)).ToList();
            var fields = properties.Concat(bound).Distinct(StringComparer.Ordinal).ToList();
            return new EndpointHandler(h.HttpMethod.ToUpperInvariant(), h.Name, fields.Where(f => !f.EndsWith("[file]", StringComparison.Ordinal)).ToList(),
                fields.Where(f => f.EndsWith("[file]", StringComparison.Ordinal)).Select(f => f[..^"[file]".Length]).ToList());
        }).ToList();
        // A page without OnGet still answers GET (it renders).
        if (!handlers.Any(h => h.Method == HttpMethods.Get && h.Name is null))
            handlers.Add(new EndpointHandler(HttpMethods.Get, null, properties, []));
        return handlers;
    }

    /// <summary>A simple value is one field; an input model gives one field per property ("Input.Email"); a file is marked "[file]".</summary>
    private static IEnumerable<string> FieldNames(string name, Type type)
    {
        if (typeof(IFormFile).IsAssignableFrom(type) || typeof(IEnumerable<IFormFile>).IsAssignableFrom(type))
            return [name + "[file]"];
        if (IsSimple(type) || type.IsArray || type.IsInterface || type.IsAbstract)
            return [name];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && IsSimple(p.PropertyType)).Select(p => $"{name}.{p.Name}");
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeOnly);
    }
}
