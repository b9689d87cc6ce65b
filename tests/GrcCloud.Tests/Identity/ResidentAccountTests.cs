using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Identity;

/// <summary>A resident's local account: sign-up with a mail over real SMTP, sign-in, lockout, reset, account page, deletion.</summary>
public sealed class ResidentAccountTests(PostgresFixture postgres)
{
    internal static Dictionary<string, string> SignUpForm(string email, string password = "une phrase de passe solide") => new()
    {
        ["Input.GivenName"] = "Angèle",
        ["Input.FamilyName"] = "Dubois",
        ["Input.Email"] = email,
        ["Input.Phone"] = "05 63 00 00 00",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
    };

    internal static async Task SignUpAndConfirmAsync(IdentityPlatform env, WebSession session, string email, string password = "une phrase de passe solide")
    {
        var response = await session.SubmitAsync("/inscription", SignUpForm(email, password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var link = await env.LinkMailedToAsync(email);
        var confirmed = await session.PageAsync(link);
        Assert.Contains("Votre adresse est confirmée", confirmed.Text("main"));
    }

    internal static Task<HttpResponseMessage> SignInAsync(WebSession session, string email, string password = "une phrase de passe solide", string url = "/connexion") =>
        session.SubmitAsync(url, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    [Fact]
    public async Task Sign_up_sends_a_confirmation_mail_over_smtp_and_the_account_works_once_confirmed()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();

        var signUp = await session.FollowAsync(await session.SubmitAsync("/inscription", SignUpForm("angele@exemple.fr")));
        Assert.Contains("Un courriel vient d'être envoyé à angele@exemple.fr", (await Html.ParseAsync(signUp)).Text("main"));
        var mail = await env.Smtp.WaitForMessageToAsync("angele@exemple.fr", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains("Lavaur", mail.Subject);
        Assert.Contains("Mairie de Lavaur", mail.Message.From.ToString());

        var early = await Html.ParseAsync(await SignInAsync(session, "angele@exemple.fr"));
        Assert.Contains("adresse pas encore confirmée", early.Text(".error-summary"));
        Assert.Contains("Recevoir un nouveau lien de confirmation", early.Text("main"));

        var link = await env.LinkMailedToAsync("angele@exemple.fr");
        Assert.StartsWith($"http://lavaur.localhost:{env.Platform.Port}/confirmer-email?", link);
        Assert.Contains("Votre adresse est confirmée", (await session.PageAsync(link)).Text("main"));
        Assert.Contains("Ce lien n'est plus valable", (await session.PageAsync(link.Replace("code=", "code=x", StringComparison.Ordinal))).Text("main"));

        var signedIn = await SignInAsync(session, "angele@exemple.fr");
        Assert.Equal("/mon-compte", signedIn.Headers.Location?.OriginalString);
        var account = await session.PageAsync("/mon-compte");
        Assert.Contains("angele@exemple.fr", account.Text("main"));
        Assert.Equal("Angèle", account.QuerySelector("#Input_GivenName")!.GetAttribute("value"));
        Assert.Contains("Mon compte", account.QuerySelectorAll(".account-nav a").Select(a => a.TextContent.Trim()));

        var signedOut = await session.SubmitAsync("/mon-compte", new Dictionary<string, string>(), "header form");
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/mon-compte")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_french_messages_next_to_each_field_keeps_what_was_typed_and_creates_nothing()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();

        var response = await session.SubmitAsync("/inscription", new Dictionary<string, string>
        {
            ["Input.GivenName"] = "<script>alert(1)</script>",
            ["Input.FamilyName"] = new string('x', 101),
            ["Input.Email"] = "pas-une-adresse",
            ["Input.Password"] = "court",
            ["Input.ConfirmPassword"] = "autre",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("Le formulaire contient", page.Text(".error-summary h2"));
        Assert.Contains("L'adresse électronique n'est pas valide", page.Text("#Input_Email-erreur"));
        Assert.Contains("au moins 12 caractères", page.Text("#Input_Password-erreur"));
        Assert.Contains("ne sont pas identiques", page.Text("#Input_ConfirmPassword-erreur"));
        Assert.Contains("100 caractères au plus", page.Text("#Input_FamilyName-erreur"));
        Assert.Equal("true", page.QuerySelector("#Input_Email")!.GetAttribute("aria-invalid"));
        Assert.Equal("pas-une-adresse", page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Equal("<script>alert(1)</script>", page.QuerySelector("#Input_GivenName")!.GetAttribute("value"));
        Assert.Empty(page.QuerySelectorAll("main script"));
        Assert.Equal(0, await CountUsersAsync(env, "lavaur"));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_a_reset_by_mail_opens_it_again()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await SignUpAndConfirmAsync(env, session, "bernard@exemple.fr");

        for (var i = 0; i < 5; i++)
            await SignInAsync(session, "bernard@exemple.fr", "mauvais mot de passe");
        var locked = await Html.ParseAsync(await SignInAsync(session, "bernard@exemple.fr"));
        Assert.Contains("compte verrouillé 15 minutes", locked.Text(".error-summary"));

        env.Smtp.Clear();
        var forgot = await Html.ParseAsync(await session.SubmitAsync("/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = "bernard@exemple.fr" }));
        Assert.Contains("Si un compte existe", forgot.Text("main"));
        var unknown = await Html.ParseAsync(await session.SubmitAsync("/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = "personne@exemple.fr" }));
        Assert.Equal(forgot.Text("main"), unknown.Text("main"));

        var link = await env.LinkMailedToAsync("bernard@exemple.fr");
        var reset = await Html.ParseAsync(await session.SubmitAsync(new Uri(link).PathAndQuery, new Dictionary<string, string>
        {
            ["Password"] = "un tout nouveau mot de passe",
            ["ConfirmPassword"] = "un tout nouveau mot de passe",
        }));
        Assert.Contains("Votre mot de passe est changé", reset.Text("main"));

        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(session, "bernard@exemple.fr")).StatusCode); // old password refused
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(session, "bernard@exemple.fr", "un tout nouveau mot de passe")).StatusCode);
        var reused = await Html.ParseAsync(await session.SubmitAsync(new Uri(link).PathAndQuery, new Dictionary<string, string>
        {
            ["Password"] = "encore un autre mot de passe",
            ["ConfirmPassword"] = "encore un autre mot de passe",
        }));
        Assert.Contains("Ce lien n'est plus valable", reused.Text(".error-summary"));
    }

    [Fact]
    public async Task The_account_page_saves_the_phone_and_deleting_the_account_removes_the_person()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await SignUpAndConfirmAsync(env, session, "claire@exemple.fr");
        await SignInAsync(session, "claire@exemple.fr");

        var saved = await session.FollowAsync(await session.SubmitAsync("/mon-compte", new Dictionary<string, string>
        {
            ["Input.GivenName"] = "Claire",
            ["Input.FamilyName"] = "Martin",
            ["Input.Phone"] = "06 12 34 56 78",
        }, "form[action*='Save']"));
        var page = await Html.ParseAsync(saved);
        Assert.Contains("Vos informations sont enregistrées", page.Text("main"));
        Assert.Equal("06 12 34 56 78", page.QuerySelector("#Input_Phone")!.GetAttribute("value"));

        var refused = await Html.ParseAsync(await session.SubmitAsync("/mon-compte", new Dictionary<string, string> { ["DeletePassword"] = "une phrase de passe solide" }, "form[action*='Delete']"));
        Assert.Contains("Cochez la case", refused.Text(".error-summary"));
        Assert.Equal(1, await CountUsersAsync(env, "lavaur"));

        var deleted = await session.FollowAsync(await session.SubmitAsync("/mon-compte", new Dictionary<string, string>
        {
            ["confirmDelete"] = "true",
            ["DeletePassword"] = "une phrase de passe solide",
        }, "form[action*='Delete']"));
        var deletedPage = await Html.ParseAsync(deleted);
        Assert.True(deletedPage.QuerySelector("h1")?.TextContent.Contains("Votre compte est supprimé", StringComparison.Ordinal) == true, $"{deleted.StatusCode} {deleted.RequestMessage?.RequestUri} {deletedPage.DocumentElement.TextContent}");
        Assert.Equal(0, await CountUsersAsync(env, "lavaur"));
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/mon-compte")).StatusCode);
    }

    internal static async Task<int> CountUsersAsync(IdentityPlatform env, string slug)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        var town = scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug(slug)!;
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(town);
        return await scope.ServiceProvider.GetRequiredService<TenantDbContext>().Users.CountAsync();
    }
}
