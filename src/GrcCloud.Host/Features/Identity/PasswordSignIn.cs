using GrcCloud.Data.Towns;
using Microsoft.AspNetCore.Identity;

namespace GrcCloud.Host.Features.Identity;

/// <summary>
/// Sign-in by password, with one answer to a refusal whether the address has no account, the password
/// is wrong, the account is locked or its address not yet confirmed: the page never tells who has an
/// account (the reset and confirmation mails say the rest to the mailbox's owner).
/// </summary>
public static class PasswordSignIn
{
    public const string Refused = "Connexion impossible : adresse électronique ou mot de passe incorrect, ou compte verrouillé 15 minutes après plusieurs essais.";
    public const string ResidentRefused = "Connexion impossible : adresse électronique ou mot de passe incorrect, adresse pas encore confirmée, ou compte verrouillé 15 minutes après plusieurs essais.";

    /// <summary>Signs in a user of <paramref name="kind"/> (5 failures lock the account); an unknown address fails alike, after as long.</summary>
    public static async Task<SignInResult> TryAsync(SignInManager<TownUser> signIn, UserKind kind, string email, string password)
    {
        var user = await signIn.UserManager.FindByEmailAsync(email);
        if (user is null || user.Kind != kind)
        {
            SpendPasswordCheck(signIn.UserManager, password);
            return SignInResult.Failed;
        }
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // The clock of the request signing in (the host's TimeProvider).
            user.LastSignInAt = signIn.Context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            await signIn.UserManager.UpdateAsync(user);
        }
        return result;
    }

    /// <summary>Hashes the password anyway when there is no account, so the answer takes as long as for a real one.</summary>
    public static void SpendPasswordCheck<TUser>(UserManager<TUser> users, string password) where TUser : class =>
        users.PasswordHasher.HashPassword(null!, password);
}
