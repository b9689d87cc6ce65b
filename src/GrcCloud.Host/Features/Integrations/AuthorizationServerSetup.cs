using System.Security.Cryptography;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace GrcCloud.Host.Features.Integrations;

/// <summary>
/// Each town is its own OpenID Connect authorization server (OpenIddict): the issuer is the town's
/// host (derived from the request), clients are stored in the town's schema, every token carries
/// the town's id and is refused on any other host.
/// </summary>
public static class AuthorizationServerSetup
{
    public const string TownTokenPolicy = "TownToken";
    public const string TenantClaim = "grc_tenant";
    public const string ApiScope = "grc_api";

    public static IServiceCollection AddTownAuthorizationServer(this IServiceCollection services)
    {
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<TenantDbContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                      .SetTokenEndpointUris("connect/token");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                      .AllowClientCredentialsFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, ApiScope, Api.ApiScopes.RequestsRead, Api.ApiScopes.RequestsWrite);
                server.SetAccessTokenLifetime(TimeSpan.FromMinutes(30));
                // Keys shared by all instances come from the platform schema (ServerKeysConfigurator).
                server.UseAspNetCore()
                      .EnableAuthorizationEndpointPassthrough()
                      .EnableTokenEndpointPassthrough()
                      // TLS ends at the load balancer; the local run and the tests are plain HTTP.
                      .DisableTransportSecurityRequirement();
                server.AddEventHandler<OpenIddictServerEvents.ProcessRequestContext>(handler => handler
                    .UseInlineHandler(OnlyOnTownHosts)
                    .SetOrder(OpenIddictServerHandlers.InferEndpointType.Descriptor.Order + 1_000)
                    .SetType(OpenIddictServerHandlerType.Custom));
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerKeysConfigurator>();
        services.AddHttpContextAccessor();
        services.AddSingleton<IAuthorizationHandler, TownTokenHandler>();
        services.AddAuthorizationBuilder().AddPolicy(TownTokenPolicy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new TownTokenRequirement()));
        return services;
    }

    /// <summary>The operator host and unknown hosts have no authorization server.</summary>
    private static ValueTask OnlyOnTownHosts(OpenIddictServerEvents.ProcessRequestContext context)
    {
        if (context.EndpointType == OpenIddictServerEndpointType.Unknown)
            return default;
        var http = context.Transaction.GetHttpRequest()?.HttpContext;
        if (http?.Features.Get<SiteFeature>()?.Kind != SiteKind.Town)
            context.Reject(error: OpenIddict.Abstractions.OpenIddictConstants.Errors.InvalidRequest, description: "Aucun serveur d'autorisation à cette adresse : utilisez l'adresse de la commune.");
        return default;
    }
}

public sealed class TownTokenRequirement : IAuthorizationRequirement;

/// <summary>A token is accepted only on the hosts of the town that issued it.</summary>
public sealed class TownTokenHandler(IHttpContextAccessor http) : AuthorizationHandler<TownTokenRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TownTokenRequirement requirement)
    {
        var town = http.HttpContext?.Features.Get<SiteFeature>()?.Tenant?.Id.ToString();
        if (town is not null && context.User.FindFirst(AuthorizationServerSetup.TenantClaim)?.Value == town)
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The authorization server's RSA keys: made once, kept in <c>platform.server_keys</c> encrypted
/// with Data Protection, so every instance signs and reads the same tokens.
/// </summary>
public sealed class ServerKeysConfigurator(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        options.SigningCredentials.Add(new SigningCredentials(LoadOrCreate("signing"), SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(LoadOrCreate("encryption"), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private RsaSecurityKey LoadOrCreate(string purpose)
    {
        var protector = dataProtection.CreateProtector("grc.authorization-server.keys");
        using var scope = scopes.CreateScope();
        var platform = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var stored = platform.ServerKeys.AsNoTracking().SingleOrDefault(k => k.Purpose == purpose);
        if (stored is null)
        {
            using var fresh = RSA.Create(2048);
            platform.ServerKeys.Add(new ServerKey { Purpose = purpose, ProtectedKey = protector.Protect(Convert.ToBase64String(fresh.ExportPkcs8PrivateKey())), CreatedAt = clock.GetUtcNow() });
            try
            {
                platform.SaveChanges();
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // Another instance made it first: use theirs.
            }
            stored = platform.ServerKeys.AsNoTracking().Single(k => k.Purpose == purpose);
        }
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(protector.Unprotect(stored.ProtectedKey)), out _);
        return new RsaSecurityKey(rsa) { KeyId = $"{purpose}-{stored.CreatedAt.ToUnixTimeSeconds()}" };
    }
}
