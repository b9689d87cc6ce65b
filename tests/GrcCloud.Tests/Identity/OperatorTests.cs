using System.Net;
using GrcCloud.Testing;

namespace GrcCloud.Tests.Identity;

/// <summary>Vendor operators: created on the command line with a one-time link, signed in on the ops host only.</summary>
public sealed class OperatorTests(PostgresFixture postgres)
{
    private const string Password = "un mot de passe d'opérateur";

    [Fact]
    public async Task The_first_operator_sets_a_password_through_the_printed_link_and_sees_the_towns_on_the_ops_host_only()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);

        var created = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "operators", "create", "--email", "ops@grccloud.example");
        Assert.True(created.ExitCode == 0, created.Error);
        var link = new Uri(created.Output.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim());
        Assert.Equal($"ops.localhost:{env.Platform.Port}", link.Authority);
        var duplicate = await Cli.RunAsync(env.Platform.ConnectionString, "operators", "create", "--email", "ops@grccloud.example");
        Assert.NotEqual(0, duplicate.ExitCode);
        Assert.Contains("existe déjà", duplicate.Error);

        using var ops = env.Session("ops.localhost");
        var tooShort = await Html.ParseAsync(await ops.SubmitAsync(link.PathAndQuery, new Dictionary<string, string> { ["Password"] = "court", ["ConfirmPassword"] = "court" }));
        Assert.Contains("au moins 14 caractères", tooShort.Text(".error-summary"));
        var activated = await Html.ParseAsync(await ops.SubmitAsync(link.PathAndQuery, new Dictionary<string, string> { ["Password"] = Password, ["ConfirmPassword"] = Password }));
        Assert.Contains("Votre mot de passe est enregistré", activated.Text("main"));
        var reused = await Html.ParseAsync(await ops.SubmitAsync(link.PathAndQuery, new Dictionary<string, string> { ["Password"] = Password + "x", ["ConfirmPassword"] = Password + "x" }));
        Assert.Contains("n'est plus valable", reused.Text(".error-summary"));

        var wrong = await Html.ParseAsync(await ops.SubmitAsync("/connexion", new Dictionary<string, string> { ["Email"] = "ops@grccloud.example", ["Password"] = "faux mot de passe" }));
        Assert.Contains("incorrect", wrong.Text(".error-summary"));
        await ops.SubmitAsync("/connexion", new Dictionary<string, string> { ["Email"] = "ops@grccloud.example", ["Password"] = Password });
        var console = await ops.PageAsync("/");
        Assert.Contains("Connecté en tant que ops@grccloud.example", console.Text("main"));
        Assert.Contains("Lavaur", console.Text("tbody"));
        Assert.Contains("Gaillac", console.Text("tbody"));

        // The operator cookie means nothing on a town host, and the town's sign-in page is not the console's.
        using var town = env.Session();
        town.Cookies.Add(town.BaseAddress, new Cookie("grc_ops", ops.Cookies.GetCookies(ops.BaseAddress)["grc_ops"]!.Value));
        Assert.Equal(HttpStatusCode.Redirect, (await town.GetAsync("/agents")).StatusCode);
        var townSignIn = await ResidentAccountTests.SignInAsync(town, "ops@grccloud.example", Password);
        Assert.Contains("incorrect", (await Html.ParseAsync(townSignIn)).Text(".error-summary"));
    }

    /// <summary>An operator created on the command line, activated and signed in on the ops host.</summary>
    internal static async Task<WebSession> SignedInOperatorAsync(IdentityPlatform env, string email = "ops@grccloud.example")
    {
        var created = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "operators", "create", "--email", email);
        Assert.True(created.ExitCode == 0, created.Error);
        var link = new Uri(created.Output.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim());
        var ops = env.Session("ops.localhost");
        await ops.SubmitAsync(link.PathAndQuery, new Dictionary<string, string> { ["Password"] = Password, ["ConfirmPassword"] = Password });
        await ops.SubmitAsync("/connexion", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        return ops;
    }
}
