using System.Net;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Identity;

/// <summary>Agents: the first supervisor invited from the command line, then colleagues invited by the supervisor; optional TOTP.</summary>
public sealed class AgentAccountTests(PostgresFixture postgres)
{
    private const string Password = "mot de passe des agents";

    [Fact]
    public async Task The_supervisor_invited_from_the_command_line_invites_an_agent_whose_single_use_link_leads_to_the_back_office()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var cli = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(),
            "agents", "invite", "--slug", "lavaur", "--email", "cabinet@lavaur.example");
        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.Contains("Superviseur (cabinet du maire) de Lavaur", cli.Output);

        using var supervisor = env.Session();
        await AcceptInvitationAsync(env, supervisor, "cabinet@lavaur.example");
        var home = await supervisor.PageAsync("/agents");
        Assert.Contains("Superviseur", home.Text("main"));

        var form = await supervisor.PageAsync("/agents/comptes");
        var voirie = form.QuerySelectorAll("input[name='Input.Services']").First(i => i.Id == "service-voirie").GetAttribute("value")!;
        var invited = await supervisor.FollowAsync(await supervisor.SubmitAsync("/agents/comptes", new Dictionary<string, string>
        {
            ["Input.GivenName"] = "Paul",
            ["Input.FamilyName"] = "Voirie",
            ["Input.Email"] = "paul@lavaur.example",
            ["Input.Role"] = "agent",
            ["Input.Services"] = voirie,
        }));
        var list = await Html.ParseAsync(invited);
        Assert.Contains("Invitation envoyée à paul@lavaur.example", list.Text("main"));
        Assert.Contains("invitation en attente", list.Text("tbody"));
        var invitation = await env.Smtp.WaitForMessageToAsync("paul@lavaur.example", "Invitation", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains("au sein de : Services techniques – voirie et éclairage.", invitation.TextBody); // the invited agent's service, filled

        using var paul = env.Session();
        var link = await AcceptInvitationAsync(env, paul, "paul@lavaur.example");
        var paulHome = await paul.PageAsync("/agents");
        Assert.Contains("voirie", paulHome.Text("dl"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, (await paul.FollowAsync(await paul.GetAsync("/agents/comptes"))).StatusCode);

        using var again = env.Session();
        var reused = await again.GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("n'est plus valable", (await Html.ParseAsync(reused)).Text("main"));
        using var elsewhere = env.Session("gaillac.localhost");
        Assert.Equal(HttpStatusCode.BadRequest, (await elsewhere.GetAsync(new Uri(link).PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task An_agent_who_turns_on_totp_must_give_a_code_at_the_next_sign_in()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var cli = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(),
            "agents", "invite", "--slug", "lavaur", "--email", "julie@lavaur.example", "--role", "agent");
        Assert.Equal(0, cli.ExitCode);
        using var session = env.Session();
        await AcceptInvitationAsync(env, session, "julie@lavaur.example");

        var security = await session.PageAsync("/agents/securite");
        var key = Totp.KeyOf(security);
        var wrong = await Html.ParseAsync(await session.SubmitAsync("/agents/securite", new Dictionary<string, string> { ["Code"] = "000000" }));
        Assert.Contains("Ce code n'est pas valable", wrong.Text(".error-summary"));
        await session.FollowAsync(await session.SubmitAsync("/agents/securite", new Dictionary<string, string> { ["Code"] = Totp.Code(key) }));
        Assert.Contains("est activée", (await session.PageAsync("/agents/securite")).Text("main"));
        await session.SubmitAsync("/agents", new Dictionary<string, string>(), "header form");

        var signIn = await ResidentAccountTests.SignInAsync(session, "julie@lavaur.example", Password, "/agents/connexion");
        Assert.StartsWith("/agents/connexion/code", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/agents")).StatusCode); // not signed in yet
        var badCode = await Html.ParseAsync(await session.SubmitAsync("/agents/connexion/code", new Dictionary<string, string> { ["Code"] = "123456" }));
        Assert.Contains("n'est pas valable", badCode.Text(".error-summary"));
        var good = await session.SubmitAsync("/agents/connexion/code", new Dictionary<string, string> { ["Code"] = Totp.Code(key) });
        Assert.Equal("/agents", good.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/agents")).StatusCode);
    }

    internal static async Task<string> AcceptInvitationAsync(IdentityPlatform env, WebSession session, string email)
    {
        var link = await env.LinkMailedToAsync(email);
        Assert.Contains("/agents/invitation?", link);
        var accepted = await session.SubmitAsync(new Uri(link).PathAndQuery, new Dictionary<string, string>
        {
            ["Password"] = Password,
            ["ConfirmPassword"] = Password,
        });
        Assert.Equal("/agents", accepted.Headers.Location?.OriginalString);
        return link;
    }
}
