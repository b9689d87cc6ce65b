using System.Net;
using GrcCloud.Data.Platform;
using GrcCloud.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Identity;

/// <summary>A session opened before a password reset (or any change of the security stamp) ends quietly: the next page asks to sign in, never a server error.</summary>
public sealed class StaleSessionTests(PostgresFixture postgres)
{
    /// <summary>The stamp checked on every request, so the test need not wait for the check's delay.</summary>
    private static readonly Dictionary<string, string?> StampCheckedAlways = new() { ["GrcCloud:Sessions:StampCheckInterval"] = "00:00:00" };

    [Fact]
    public async Task A_resident_session_opened_before_a_password_reset_leads_to_the_sign_in_page()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres, settings: StampCheckedAlways);
        using var before = env.Session();
        using var another = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, before, "odile@exemple.fr");
        await ResidentAccountTests.SignInAsync(before, "odile@exemple.fr");
        await ResidentAccountTests.SignInAsync(another, "odile@exemple.fr");
        var pageWithSignOut = await another.PageAsync("/mon-compte");
        var forged = await another.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode); // a live session is not ended by a post without its token
        using var third = env.Session();

        await ResetPasswordAsync(env, third, "odile@exemple.fr");

        var home = await before.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.DoesNotContain("Se déconnecter", (await Html.ParseAsync(home)).DocumentElement.TextContent);
        var account = await before.GetAsync("/mon-compte");
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.StartsWith("/connexion?retour=", account.Headers.Location?.OriginalString);
        // The other stale browser signs out from the page it still shows.
        var signedOut = await another.SubmitAsync(pageWithSignOut, new Uri(another.BaseAddress, "/mon-compte"), new Dictionary<string, string>(), "header form");
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal("Vous êtes déconnecté", (await Html.ParseAsync(signedOut)).Text("h1"));
    }

    [Fact]
    public async Task An_agent_session_opened_before_a_password_reset_leads_to_the_agents_sign_in_page()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres, settings: StampCheckedAlways);
        var cli = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "agents", "invite", "--slug", "lavaur", "--email", "remi@lavaur.example", "--role", "agent");
        Assert.True(cli.ExitCode == 0, cli.Error);
        using var before = env.Session();
        using var another = env.Session();
        await AgentAccountTests.AcceptInvitationAsync(env, before, "remi@lavaur.example");
        Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/agents")).StatusCode);

        await ResetPasswordAsync(env, another, "remi@lavaur.example");

        var agents = await before.GetAsync("/agents");
        Assert.Equal(HttpStatusCode.Redirect, agents.StatusCode);
        Assert.StartsWith("/agents/connexion?retour=", agents.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/agents/connexion")).StatusCode);
    }

    [Fact]
    public async Task An_operator_session_ends_when_the_operator_password_changes()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var ops = await OperatorTests.SignedInOperatorAsync(env, "olga@grccloud.example");
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync("/")).StatusCode);

        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            var operators = scope.ServiceProvider.GetRequiredService<UserManager<OperatorAccount>>();
            var account = (await operators.FindByEmailAsync("olga@grccloud.example"))!;
            var changed = await operators.ResetPasswordAsync(account, await operators.GeneratePasswordResetTokenAsync(account), "un tout autre mot de passe d'opérateur");
            Assert.True(changed.Succeeded);
        }

        var console = await ops.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        var page = await Html.ParseAsync(console);
        Assert.DoesNotContain("Connecté en tant que", page.Text("main"));
        Assert.DoesNotContain("Lavaur", page.Text("main"));
    }

    /// <summary>"Mot de passe oublié", then the mailed link, from another browser.</summary>
    private static async Task ResetPasswordAsync(IdentityPlatform env, WebSession session, string email)
    {
        env.Smtp.Clear();
        await session.SubmitAsync("/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = email });
        var link = await env.LinkMailedToAsync(email);
        var reset = await Html.ParseAsync(await session.SubmitAsync(new Uri(link).PathAndQuery, new Dictionary<string, string>
        {
            ["Password"] = "un tout nouveau mot de passe",
            ["ConfirmPassword"] = "un tout nouveau mot de passe",
        }));
        Assert.Contains("Votre mot de passe est changé", reset.Text("main"));
    }
}
