using GrcCloud.Host.Features.Integrations;
using GrcCloud.Host.Features.OperatorApi;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace GrcCloud.Host.Features.Api;

/// <summary>
/// The integrators' API on each town's host: <c>/api/v1/…</c>, OAuth2 tokens of the town's own authorization
/// server with scopes per client, its OpenAPI document (<c>/api/v1/openapi.json</c>, document <c>town-v1</c>, never
/// mixed with the operators' <c>ops-v1</c>) and its reference page (<c>/api/v1/reference/</c>).
/// </summary>
public static class TownApiSetup
{
    public const string BasePath = "/api/v1";
    public const string DocumentName = "town-v1";
    public const string DocumentPath = BasePath + "/openapi.json";
    public const string ReferencePath = BasePath + "/reference";
    public const string SecuritySchemeName = "oauth2Commune";

    public static IServiceCollection AddTownApi(this IServiceCollection services)
    {
        services.AddTownApiPolicies();
        services.AddSingleton<IAuthorizationHandler, ScopeHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiRefusals>();
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.GroupName == DocumentName;
            options.AddDocumentTransformer<TownApiDocument>();
        });
        return services;
    }

    public static RouteGroupBuilder MapTownApi(this WebApplication app)
    {
        var api = app.MapGroup(BasePath)
            .WithMetadata(new SiteAttribute(SiteKind.Town), new TownApiEndpoint())
            .WithGroupName(DocumentName)
            .AddEndpointFilter<ApiInputFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        RequestEndpoints.Map(api);
        RequestWriteEndpoints.Map(api);
        CatalogueEndpoints.Map(api);

        api.MapGet("/openapi.json", TownApiDocument.WriteAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("API de la commune – GrcCloud")
                .AddDocument(DocumentName, "API pour les intégrateurs", DocumentPath, isDefault: true)
                .WithNonce())
            .WithMetadata(new SiteAttribute(SiteKind.Town));
        return api;
    }

    /// <summary>The reference page's security policy (the same as the operators' one, for this path).</summary>
    public static string? ReferencePolicy(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ReferencePath) ? OperatorApiSetup.ReferencePolicyFor(context) : null;
}

/// <summary>The document's French title and description, the OAuth2 client-credentials scheme with the town's token address and scopes.</summary>
public sealed class TownApiDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "API de la commune (GrcCloud)",
            Version = "v1",
            Description = "Les demandes des habitants et le catalogue des démarches de la commune, pour les logiciels qu'elle raccorde. " +
                "Chaque appel porte un jeton d'accès obtenu sur /connect/token de la commune (identifiants client, « client_credentials ») " +
                "avec les autorisations que le superviseur a accordées au client : requests:read, requests:write. " +
                "Un jeton n'est valable que sur l'adresse de la commune qui l'a délivré. Les erreurs sont des « problem details » (RFC 9457) " +
                "en français ; les listes sont paginées (?page=&pageSize=, en-tête Link rel=\"next\") ; chaque ressource a un ETag " +
                "(If-None-Match → 304 ; If-Match sur une écriture → 412 si la demande a changé). " +
                "Les événements des demandes peuvent aussi être reçus par webhook signé (voir le README du projet).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[TownApiSetup.SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Jeton de la commune, par identifiants client.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri("/connect/token", UriKind.Relative),
                    Scopes = ApiScopes.Offered.ToDictionary(s => s.Scope, s => s.Label),
                },
            },
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TownApiSetup.SecuritySchemeName, document)] = [] }];
        return Task.CompletedTask;
    }

    public static async Task WriteAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var provider = http.RequestServices.GetRequiredKeyedService<IOpenApiDocumentProvider>(TownApiSetup.DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken), cancellationToken);
    }
}
