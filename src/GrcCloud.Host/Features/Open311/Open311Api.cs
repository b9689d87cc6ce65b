using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Portal;
using GrcCloud.Tenancy;

namespace GrcCloud.Host.Features.Open311;

/// <summary>
/// Open311 GeoReport v2 on each town's host, under <c>/open311/v2/</c>: discovery, services, service
/// definitions, requests (read and post) and tokens, each in XML (the spec's required format) or JSON.
/// </summary>
public static class Open311Api
{
    public const string BasePath = "/open311/v2";
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";
    /// <summary>When this API last changed, as discovery announces it.</summary>
    private static readonly DateTimeOffset Changeset = new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1));

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(BasePath).WithMetadata(new SiteAttribute(SiteKind.Town)).RequireRateLimiting(Open311Setup.RateLimit);
        api.MapGet("/discovery.{format}", DiscoveryAsync);
        api.MapGet("/services.{format}", ServicesAsync);
        api.MapGet("/services/{code}.{format}", DefinitionAsync);
        api.MapGet("/requests.{format}", Open311Requests.ListAsync);
        api.MapPost("/requests.{format}", Open311Posting.PostAsync).DisableAntiforgery();
        api.MapGet("/requests/{id}.{format}", Open311Requests.OneAsync);
        api.MapGet("/tokens/{token}.{format}", Open311Requests.TokenAsync);
        return routes;
    }

    private static async Task<IResult> DiscoveryAsync(string format, HttpContext http, PortalCatalogue portal, CancellationToken cancellationToken)
    {
        if (!Open311Document.IsFormat(format))
            return UnknownFormat();
        var town = await portal.GetTownAsync(cancellationToken);
        var contact = string.Join(" — ", new[] { town.Name, town.ContactEmail, town.ContactPhone }.Where(c => !string.IsNullOrEmpty(c)));
        return new Open311Document("discovery", new Open311Object
        {
            { "changeset", Changeset },
            { "contact", contact },
            { "key_service", "Les clés d'API sont délivrées par les superviseurs de la mairie (back-office, Applications raccordées, Open311)." },
            { "endpoints", new Open311List("endpoint", [new Open311Object
            {
                { "specification", Specification },
                { "url", $"{http.Request.Scheme}://{http.Request.Host}{BasePath}" },
                { "changeset", Changeset },
                { "type", "production" },
                { "formats", new Open311List("format", ["text/xml", "application/json"]) },
            }]) },
        }).ToResult(format);
    }

    private static async Task<IResult> ServicesAsync(string format, PortalCatalogue portal, CancellationToken cancellationToken)
    {
        if (!Open311Document.IsFormat(format))
            return UnknownFormat();
        var services = Open311Catalogue.Services(await portal.GetAsync(cancellationToken));
        return new Open311Document("services", new Open311List("service", [.. services.Select(s => (object?)Open311Catalogue.ServiceEntry(s))])).ToResult(format);
    }

    private static async Task<IResult> DefinitionAsync(string code, string format, PortalCatalogue portal, CancellationToken cancellationToken)
    {
        if (!Open311Document.IsFormat(format))
            return UnknownFormat();
        if (Open311Catalogue.Find(await portal.GetAsync(cancellationToken), code) is not { } service)
            return Open311Document.Error(format, StatusCodes.Status404NotFound, $"Service inconnu : {code}.");
        return new Open311Document("service_definition", Open311Catalogue.Definition(service)).ToResult(format);
    }

    private static IResult UnknownFormat() => Open311Document.Error("xml", StatusCodes.Status404NotFound, "Format inconnu : utilisez .xml ou .json.");
}
