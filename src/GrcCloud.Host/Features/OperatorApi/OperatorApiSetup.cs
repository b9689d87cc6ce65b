using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Scalar.AspNetCore;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>
/// The operators' API on the ops host: <c>/api/ops/v1/…</c>, bearer tokens only, its OpenAPI document
/// (<c>/api/ops/v1/openapi.json</c>) and reference page (<c>/api/ops/v1/reference</c>).
/// <para>
/// To add an endpoint (billing, town creation…): write <c>static void Map(RouteGroupBuilder api)</c> in its
/// feature and call it from <see cref="MapOperatorApi"/>; the group already gives the ops-host-only
/// routing, the token scheme with the read policy, the rate limit and the OpenAPI document. A write adds
/// <c>.RequireAuthorization(OperatorApiPolicies.Write)</c> (or <c>Admin</c>), a French <c>WithSummary</c>,
/// its <c>ProducesProblem</c>/<c>ProducesValidationProblem</c>, and records <see cref="Operator.OperatorAudit"/>.
/// </para>
/// </summary>
public static class OperatorApiSetup
{
    public const string BasePath = "/api/ops/v1";
    public const string DocumentName = "ops-v1";
    public const string DocumentPath = BasePath + "/openapi.json";
    public const string ReferencePath = BasePath + "/reference";
    public const string RateLimit = "operator-api";
    /// <summary>The bearer scheme's name in the OpenAPI document.</summary>
    public const string SecuritySchemeName = "jetonOperateur";

    public static IServiceCollection AddOperatorApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, OperatorTokenHandler>(OperatorTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorApiPolicies.Read, p => p.AddAuthenticationSchemes(OperatorTokenHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(OperatorApiPolicies.Write, p => p.AddAuthenticationSchemes(OperatorTokenHandler.SchemeName).RequireAuthenticatedUser()
                .RequireRole(OperatorRoles.Administrator, OperatorRoles.Billing))
            .AddPolicy(OperatorApiPolicies.Admin, p => p.AddAuthenticationSchemes(OperatorTokenHandler.SchemeName).RequireAuthenticatedUser()
                .RequireRole(OperatorRoles.Administrator));

        var perMinute = configuration.GetValue("GrcCloud:RateLimits:OperatorApiPerMinute", 300);
        services.AddRateLimiter(options => options.AddPolicy(RateLimit, context =>
            // Runs before authentication: the budget is the presented token's (by its hash), or the client address's without one.
            RateLimitPartition.GetFixedWindowLimiter(
                context.Request.Headers.Authorization.ToString() is { Length: > 0 } header
                    ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header)))
                    : $"ip|{context.Connection.RemoteIpAddress}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));

        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.GroupName == DocumentName;
            options.AddDocumentTransformer<OperatorApiDocument>();
        });
        return services;
    }

    public static RouteGroupBuilder MapOperatorApi(this WebApplication app)
    {
        var api = app.MapGroup(BasePath)
            .WithMetadata(new SiteAttribute(SiteKind.Operator))
            .WithGroupName(DocumentName)
            .RequireAuthorization(OperatorApiPolicies.Read)
            .RequireRateLimiting(RateLimit)
            .AddEndpointFilter<ApiInputFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        TownEndpoints.Map(api);
        TownCreationEndpoints.Map(api);
        TownLifecycleEndpoints.Map(api);
        BillingEndpoints.Map(api);
        PlatformEndpoints.Map(api);

        // The description and its reading page open without a token: they hold no data.
        api.MapGet("/openapi.json", OperatorApiDocument.WriteAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("API des opérateurs GrcCloud")
                .AddDocument(DocumentName, "API des opérateurs", DocumentPath, isDefault: true)
                // A fresh nonce per request, sent in the page's own policy (see SecurityHeaders).
                .WithNonce())
            .WithMetadata(new SiteAttribute(SiteKind.Operator));
        return api;
    }

    /// <summary>
    /// The reference page's policy: Scalar's bootstrap script carries the request's nonce; its
    /// components set style attributes, so this page alone allows inline style. Everything it loads
    /// is served by the platform (Scalar's bundle is in its package, no CDN).
    /// </summary>
    public static string? ReferencePolicy(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ReferencePath) ? ReferencePolicyFor(context) : null;

    /// <summary>The policy of a Scalar reference page (this one and the towns' API one).</summary>
    public static string ReferencePolicyFor(HttpContext context)
    {
        var nonce = context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) ? value as string : null;
        return $"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'{(nonce is null ? "" : $" 'nonce-{nonce}'")}; " +
            "font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
    }
}

/// <summary>Who may call what: read for every operator's token, write for administrators and billing, admin for administrators.</summary>
public static class OperatorApiPolicies
{
    public const string Read = "OperatorApiRead";
    public const string Write = "OperatorApiWrite";
    public const string Admin = "OperatorApiAdmin";
}
