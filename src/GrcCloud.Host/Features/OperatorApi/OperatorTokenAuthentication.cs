using System.Security.Claims;
using System.Text.Encodings.Web;
using GrcCloud.Data.Platform;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GrcCloud.Host.Features.OperatorApi;

/// <summary>
/// <c>Authorization: Bearer grcops_…</c> on the ops host, nothing else (no cookie: the API needs no
/// anti-forgery token then). The principal has the cookie's claim types and the operator's role read
/// now, so a role changed, an account locked or deleted, a token revoked or expired act at once.
/// </summary>
public sealed class OperatorTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    PlatformDbContext db, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OperatorToken";
    /// <summary>The token's id, for the audit log and the rate limit.</summary>
    public const string TokenIdClaim = "grc_token";
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.Features.Get<SiteFeature>()?.Kind != SiteKind.Operator)
            return AuthenticateResult.NoResult();
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(OperatorApiTokens.Prefix, StringComparison.Ordinal) || token.Length > 200)
            return AuthenticateResult.Fail("Jeton mal formé");

        var hash = OperatorApiTokens.Hash(token);
        var now = clock.GetUtcNow();
        var found = await (from t in db.OperatorApiTokens.AsNoTracking()
                           join o in db.Users.AsNoTracking() on t.OperatorId equals o.Id
                           where t.TokenHash == hash
                           select new { Token = t, Operator = o }).SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null || !found.Token.IsUsableAt(now))
            return AuthenticateResult.Fail("Jeton inconnu, révoqué ou expiré");
        if (found.Operator.LockoutEnd is { } lockedUntil && lockedUntil > now)
            return AuthenticateResult.Fail("Compte de l'opérateur verrouillé");

        // At most one write a minute per token: the API may be called in bursts.
        if (found.Token.LastUsedAt is not { } last || now - last >= LastUseResolution)
            await db.OperatorApiTokens.Where(t => t.Id == found.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, found.Operator.Id.ToString()),
                new Claim(ClaimTypes.Email, found.Operator.Email ?? ""),
                new Claim(ClaimTypes.Role, found.Operator.Role),
                new Claim(TokenIdClaim, found.Token.Id.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentification requise",
            "Cette API attend un jeton d'opérateur valide dans l'en-tête « Authorization: Bearer grcops_… » (créé sur /operateurs/jetons). Le jeton est absent, inconnu, révoqué ou expiré, ou le compte de l'opérateur est verrouillé.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Action non autorisée",
            "Le rôle de l'opérateur propriétaire de ce jeton ne permet pas cette action (le rôle support ne fait que consulter).");
}
