using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace GrcCloud.Tenancy;

/// <summary>Marks an endpoint as belonging to one site: a town host or the operator host.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SiteAttribute(SiteKind kind) : Attribute
{
    public SiteKind Kind { get; } = kind;
}

/// <summary>
/// Lets a town page and an operator page share a route (both answer "/"): candidates whose site is
/// not the request's are discarded, so a town endpoint is never reached on the operator host and
/// vice versa. Endpoints without <see cref="SiteAttribute"/> (health) answer on every site.
/// </summary>
public sealed class SiteMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<SiteAttribute>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var kind = httpContext.Features.Get<SiteFeature>()?.Kind ?? SiteKind.Unknown;
        for (var i = 0; i < candidates.Count; i++)
        {
            var site = candidates[i].Endpoint.Metadata.GetMetadata<SiteAttribute>();
            if (site is not null && site.Kind != kind)
                candidates.SetValidity(i, false);
        }
        return Task.CompletedTask;
    }
}
