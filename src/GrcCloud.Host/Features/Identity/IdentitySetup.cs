using System.Threading.RateLimiting;
using GrcCloud.Data.Platform;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace GrcCloud.Host.Features.Identity;

/// <summary>Accounts, cookies and the limits that protect them.</summary>
public static class IdentitySetup
{
    public const string OperatorScheme = "Operator";
    /// <summary>Between an operator's password and code: holds the account id only, a few minutes.</summary>
    public const string OperatorTwoFactorScheme = "OperatorTwoFactor";
    public const string ResidentPolicy = "Resident";
    public const string AgentPolicy = "Agent";
    public const string SupervisorPolicy = "Supervisor";
    public const string OperatorPolicy = "Operator";
    public const string OperatorAdminPolicy = "OperatorAdmin";
    /// <summary>For the billing actions: administrators and billing operators.</summary>
    public const string OperatorBillingPolicy = "OperatorBilling";
    /// <summary>
    /// The rate limit of the forms that check a password or a code or send an account mail, and of the
    /// token endpoint: put on their endpoints, so "/connexion/", "/Connexion" and "/connexion" are one.
    /// </summary>
    public const string AccountFormsLimit = "account-forms";

    public static IServiceCollection AddGrcCloudIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("grccloud")
            .PersistKeysToDbContext<PlatformDbContext>();
        KeyEncryption.Configure(dataProtection, configuration);

        services.AddIdentityCore<TownUser>(options =>
            {
                // CNIL's recommendation for a password alone with a lockout: 12 characters, no forced mix.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                // Unique in the database (a unique index): a FranceConnect account may have no address at all.
                options.User.RequireUniqueEmail = false;
                options.User.AllowedUserNameCharacters += "àâäçéèêëîïôöùûüÿœæ";
                options.SignIn.RequireConfirmedEmail = true;
                options.Tokens.ProviderMap[InvitationTokenProvider.Name] = new TokenProviderDescriptor(typeof(InvitationTokenProvider));
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<TenantDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<TownClaimsPrincipalFactory>()
            .AddErrorDescriber<FrenchIdentityErrors>();
        services.AddTransient<InvitationTokenProvider>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));

        // IdentityOptions are shared by every user type: the towns' options above apply to operators too;
        // the operators' longer password (14) is required by their activation page.
        services.AddIdentityCore<OperatorAccount>()
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<FrenchIdentityErrors>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, options =>
            {
                // Host-only (no Domain), so a town's cookie is never even sent to another town's host.
                options.Cookie.Name = "grc_session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = "/connexion";
                options.LogoutPath = "/deconnexion";
                options.AccessDeniedPath = "/acces-refuse";
                options.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = TownCookieValidation.ValidateAsync,
                    OnRedirectToLogin = context =>
                    {
                        var path = context.Request.Path.StartsWithSegments("/agents") ? "/agents/connexion" : "/connexion";
                        context.Response.Redirect(path + QueryString.Create("retour", context.Request.PathBase + context.Request.Path + context.Request.QueryString));
                        return Task.CompletedTask;
                    },
                };
            })
            .AddCookie(IdentityConstants.TwoFactorUserIdScheme, options =>
            {
                options.Cookie.Name = "grc_2fa";
                options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            })
            // Never issued (no "remember this browser"), but the security-stamp check signs it out when
            // it rejects a session: without the scheme, every page of a stale session answered 500.
            .AddCookie(IdentityConstants.TwoFactorRememberMeScheme, options => options.Cookie.Name = "grc_2fa_appareil")
            .AddCookie(OperatorScheme, options =>
            {
                options.Cookie.Name = "grc_ops";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(4);
                options.LoginPath = "/connexion";
                options.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = OperatorCookieValidation.ValidateAsync,
                    // A plain 403: the error pages answer it in French.
                    OnRedirectToAccessDenied = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    },
                };
            })
            .AddCookie(OperatorTwoFactorScheme, options =>
            {
                options.Cookie.Name = "grc_ops_2fa";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                options.LoginPath = "/connexion";
            });

        // A password reset, a new second factor or a deleted account ends the other sessions within this delay.
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = configuration.GetValue("GrcCloud:Sessions:StampCheckInterval", TimeSpan.FromMinutes(1));
            // The refreshed principal is rebuilt from the database: keep the FranceConnect session's id token, its sign-out needs it.
            options.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(TownClaims.FranceConnectSession) is { } idToken && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                    identity.AddClaim(new System.Security.Claims.Claim(idToken.Type, idToken.Value));
                return Task.CompletedTask;
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(ResidentPolicy, p => p.RequireAuthenticatedUser().RequireClaim(TownClaims.Kind, "resident"))
            .AddPolicy(AgentPolicy, p => p.RequireAuthenticatedUser().RequireClaim(TownClaims.Kind, "agent"))
            .AddPolicy(SupervisorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(TownClaims.Kind, "agent").RequireRole(AgentRoles.Supervisor))
            .AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(OperatorScheme).RequireAuthenticatedUser())
            .AddPolicy(OperatorAdminPolicy, p => p.AddAuthenticationSchemes(OperatorScheme).RequireAuthenticatedUser().RequireRole(OperatorRoles.Administrator))
            .AddPolicy(OperatorBillingPolicy, p => p.AddAuthenticationSchemes(OperatorScheme).RequireAuthenticatedUser().RequireRole(OperatorRoles.Administrator, OperatorRoles.Billing));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            var perMinute = configuration.GetValue("GrcCloud:RateLimits:AccountPostsPerMinute", 10);
            // Per town and per client address, one budget for all these forms: one town's traffic never throttles another's.
            options.AddPolicy(AccountFormsLimit, context =>
                HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        $"{context.Features.Get<SiteFeature>()?.Tenant?.Id}|{context.Connection.RemoteIpAddress}",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
        });
        return services;
    }
}

/// <summary>
/// A town's session cookie is valid only on that town's hosts: the principal's town must be the
/// request's town (a cookie copied to another host is refused), then the security stamp is checked.
/// </summary>
public static class TownCookieValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var requestTown = context.HttpContext.Features.Get<SiteFeature>()?.Tenant?.Id;
        if (requestTown is null || TownClaims.TenantOf(context.Principal!) != requestTown)
        {
            context.RejectPrincipal();
            return;
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}

/// <summary>
/// Operator cookies are valid only on the operator host, and only while the account keeps the
/// security stamp it had at sign-in (a new password or a deleted account ends every session).
/// </summary>
public static class OperatorCookieValidation
{
    public const string StampClaim = "grc_stamp";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.HttpContext.Features.Get<SiteFeature>()?.Kind != SiteKind.Operator || !await StampStillValidAsync(context))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentitySetup.OperatorScheme);
        }
    }

    private static async Task<bool> StampStillValidAsync(CookieValidatePrincipalContext context)
    {
        var operators = context.HttpContext.RequestServices.GetRequiredService<UserManager<OperatorAccount>>();
        var account = await operators.GetUserAsync(context.Principal!);
        return account is not null && context.Principal!.FindFirst(StampClaim)?.Value == await operators.GetSecurityStampAsync(account);
    }
}
