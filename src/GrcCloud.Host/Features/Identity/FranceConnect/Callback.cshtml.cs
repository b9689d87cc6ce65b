using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace GrcCloud.Host.Features.Identity.FranceConnect;

/// <summary>
/// FranceConnect's return: checks the state, turns an error into a clear page, verifies the tokens,
/// then signs the person in (known identity), asks the owner of an existing account with the same
/// address to confirm the link, or creates the resident's account from the certified identity.
/// </summary>
public sealed class CallbackModel(
    FranceConnectCredentialsStore store, FranceConnectClient client, FranceConnectFlow flow, TenantContext tenant,
    SignInManager<TownUser> signIn, TimeProvider clock, ILogger<CallbackModel> logger) : PageModel
{
    public string Title { get; private set; } = "Connexion avec FranceConnect impossible";
    public string Problem { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? code, string? state, string? error, [FromQuery(Name = "error_description")] string? errorDescription, CancellationToken cancellationToken)
    {
        var started = flow.Read<FranceConnectFlowState>(Request, FranceConnectFlow.SignInCookie);
        FranceConnectFlow.Clear(Response, FranceConnectFlow.SignInCookie);
        if (started is null || state is null || !SameText(started.State, state))
            return Fail("Cette connexion n'a pas été demandée depuis ce portail, ou elle a expiré. Recommencez depuis la page de connexion.");
        if (error is not null)
        {
            if (error == "access_denied")
            {
                Title = "Connexion annulée";
                return Fail("Vous avez annulé la connexion avec FranceConnect. Vous pouvez recommencer, ou vous connecter avec votre adresse électronique.");
            }
            logger.LogWarning("FranceConnect a renvoyé l'erreur {Error} : {Description}", error, errorDescription);
            return Fail("FranceConnect n'a pas pu vous identifier. Réessayez dans quelques minutes.");
        }
        var settings = await store.FindAsync(tenant.Required.Id, cancellationToken);
        if (settings is null || code is null)
            return Fail("Cette commune ne propose pas l'identification par FranceConnect.");

        FranceConnectIdentity identity;
        try
        {
            identity = await client.CompleteAsync(settings, code, flow.ReturnUrl(HttpContext, "/connexion/franceconnect/retour"), started.Nonce!, cancellationToken);
        }
        catch (Exception e) when (e is FranceConnectException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            logger.LogWarning(e, "Échec de la vérification FranceConnect");
            return Fail("La réponse de FranceConnect n'a pas pu être vérifiée. Par sécurité, la connexion est refusée ; réessayez.");
        }

        var users = signIn.UserManager;
        var known = await users.Users.SingleOrDefaultAsync(u => u.FranceConnectSub == identity.Subject, cancellationToken);
        if (known is not null)
        {
            FranceConnectAccounts.Apply(known, identity, clock.GetUtcNow());
            await users.UpdateAsync(known);
            return await SignInAsync(known, identity, started.ReturnUrl);
        }

        if (identity.Email is not null && await users.FindByEmailAsync(identity.Email) is { } existing)
        {
            if (existing.Kind != UserKind.Resident)
                return Fail("Cette adresse électronique est celle d'un compte d'agent : FranceConnect ne peut pas s'y relier.");
            // Never link silently: the owner of the existing account confirms with its password.
            flow.Write(Response, FranceConnectFlow.LinkCookie, new PendingLink(existing.Id, identity, started.ReturnUrl), TimeSpan.FromMinutes(15));
            return RedirectToPage("/Identity/FranceConnect/Link");
        }

        var created = FranceConnectAccounts.NewResident(identity, clock.GetUtcNow());
        var result = await users.CreateAsync(created);
        if (!result.Succeeded)
            return Fail(string.Join(" ", result.Errors.Select(e => e.Description)));
        return await SignInAsync(created, identity, created.Email is null ? "/mon-compte/adresse" : started.ReturnUrl);
    }

    private async Task<IActionResult> SignInAsync(TownUser user, FranceConnectIdentity identity, string? returnUrl)
    {
        await FranceConnectAccounts.SignInAsync(signIn, user, identity);
        return LocalRedirect(ReturnUrls.Safe(returnUrl, "/mon-compte"));
    }

    private PageResult Fail(string problem)
    {
        Problem = problem;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static bool SameText(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

public sealed record PendingLink(Guid UserId, FranceConnectIdentity Identity, string? ReturnUrl);

/// <summary>How a FranceConnect identity lands on a resident's account.</summary>
public static class FranceConnectAccounts
{
    public static TownUser NewResident(FranceConnectIdentity identity, DateTimeOffset now)
    {
        var user = new TownUser
        {
            Id = Guid.CreateVersion7(),
            Kind = UserKind.Resident,
            // FranceConnect vouches for the address; without one, the person gives one afterwards.
            UserName = identity.Email ?? "fc-" + identity.Subject[..Math.Min(32, identity.Subject.Length)],
            Email = identity.Email,
            EmailConfirmed = identity.Email is not null,
            CreatedAt = now,
        };
        Apply(user, identity, now);
        return user;
    }

    /// <summary>The certified identity replaces what the person typed: FranceConnect is the reference.</summary>
    public static void Apply(TownUser user, FranceConnectIdentity identity, DateTimeOffset now)
    {
        user.FranceConnectSub = identity.Subject;
        user.GivenName = identity.GivenName;
        user.FamilyName = identity.FamilyName;
        user.UsageName = identity.UsageName;
        user.BirthDate = identity.BirthDate;
        user.BirthPlace = identity.BirthPlace;
        user.BirthCountry = identity.BirthCountry;
        user.Gender = identity.Gender;
        user.LastSignInAt = now;
    }

    /// <summary>Signs in and keeps the id token in the session: FranceConnect's logout needs it.</summary>
    public static Task SignInAsync(SignInManager<TownUser> signIn, TownUser user, FranceConnectIdentity identity) =>
        signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(TownClaims.FranceConnectSession, identity.IdToken)]);
}
