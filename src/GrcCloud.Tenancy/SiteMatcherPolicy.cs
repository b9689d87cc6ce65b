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

/// <summary>Marks an endpoint that answers on every site on purpose (the health probes): the exception, said out loud.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AnySiteAttribute : Attribute;

/// <summary>
/// Lets a town page and an operator page share a route (both answer "/"): candidates whose site is
/// not the request's are discarded, so a town endpoint is never reached on the operator host and
/// vice versa. Fails closed: an endpoint that forgot its <see cref="SiteAttribute"/> answers nowhere
/// (404); one meant for every site (health) carries <see cref="AnySiteAttribute"/>.
/// </summary>
public sealed class SiteMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    /// <summary>Every endpoint: the unmarked ones too, which are the ones to refuse.</summary>
    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Count > 0;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var kind = httpContext.Features.Get<SiteFeature>()?.Kind ?? SiteKind.Unknown;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!AnswersOn(candidates[i].Endpoint, kind))
                candidates.SetValidity(i, false);
        }
        return Task.CompletedTask;
    }

    /// <summary>Whether <paramref name="endpoint"/> answers on a site of <paramref name="kind"/>: its marker says so, and no marker says no.</summary>
    public static bool AnswersOn(Endpoint endpoint, SiteKind kind) =>
        endpoint.Metadata.GetMetadata<SiteAttribute>() is { } site ? site.Kind == kind
        : endpoint.Metadata.GetMetadata<AnySiteAttribute>() is not null;
}
