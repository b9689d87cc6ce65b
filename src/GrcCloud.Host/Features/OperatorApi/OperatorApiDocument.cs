using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>The OpenAPI document of the operators' API (<c>ops-v1</c>): French title and description, the bearer scheme on every operation.</summary>
public sealed class OperatorApiDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "API des opérateurs GrcCloud",
            Version = "v1",
            Description = "Ce que la console des opérateurs permet, pour les outils de l'éditeur : communes, formules, opérateurs, journal. " +
                "Chaque appel porte un jeton d'opérateur (« Authorization: Bearer grcops_… », créé sur /operateurs/jetons ou par " +
                "« grccloud operators token create ») et agit avec le rôle actuel de son opérateur : le rôle support ne fait que lire. " +
                "Les erreurs sont des « problem details » (RFC 9457) en français, avec les champs en faute sous « errors ». " +
                "Les listes sont paginées (?page=&pageSize=, en-tête Link rel=\"next\").",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OperatorApiSetup.SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "grcops_…",
            Description = "Jeton d'opérateur, montré une seule fois à sa création.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OperatorApiSetup.SecuritySchemeName, document)] = [] }];
        return Task.CompletedTask;
    }

    /// <summary><c>GET /api/ops/v1/openapi.json</c>: the document, in OpenAPI 3.1.</summary>
    public static async Task WriteAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var provider = http.RequestServices.GetRequiredKeyedService<IOpenApiDocumentProvider>(OperatorApiSetup.DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken), cancellationToken);
    }
}
