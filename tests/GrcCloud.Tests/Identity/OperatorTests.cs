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
        var setup = await ops.PageAsync(link.PathAndQuery);
        Assert.Contains("double authentification est obligatoire", setup.Text("main"));
        Assert.StartsWith("data:image/png;base64,", setup.QuerySelector("img.totp-qr")!.GetAttribute("src"), StringComparison.Ordinal);
        var key = Totp.KeyOf(setup);
        var tooShort = await Html.ParseAsync(await ops.SubmitAsync(link.PathAndQuery, Activation("court", Totp.Code(key))));
        Assert.Contains("au moins 14 caractères", tooShort.Text(".error-summary"));
        var wrongCode = await Html.ParseAsync(await ops.SubmitAsync(link.PathAndQuery, Activation(Password, WrongCode(key))));
        Assert.Contains("Ce code n'est pas valable", wrongCode.Text(".error-summary"));
        var activated = await Html.ParseAsync(await ops.SubmitAsync(link.PathAndQuery, Activation(Password, Totp.Code(key))));
        Assert.Contains("Votre mot de passe et votre application d'authentification sont enregistrés", activated.Text("main"));
        var recoveryCodes = activated.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Contains("n'est plus valable", (await ops.PageAsync(link.PathAndQuery)).Text("main"));

        var wrong = await Html.ParseAsync(await ops.SubmitAsync("/connexion", new Dictionary<string, string> { ["Email"] = "ops@grccloud.example", ["Password"] = "faux mot de passe" }));
        Assert.Contains("incorrect", wrong.Text(".error-summary"));

        // The password alone opens nothing: the console, its pages and the jobs dashboard wait for the code.
        var passwordOnly = await ops.SubmitAsync("/connexion", new Dictionary<string, string> { ["Email"] = "ops@grccloud.example", ["Password"] = Password });
        Assert.Equal("/connexion/code", passwordOnly.Headers.Location?.OriginalString);
        Assert.DoesNotContain("Connecté en tant que", (await ops.PageAsync("/")).Text("main"));
        Assert.Equal(HttpStatusCode.Redirect, (await ops.GetAsync("/operateurs")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ops.GetAsync("/journal")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await ops.GetAsync("/operations/taches")).StatusCode);
        var badCode = await Html.ParseAsync(await ops.SubmitAsync("/connexion/code", new Dictionary<string, string> { ["Code"] = WrongCode(key) }));
        Assert.Contains("Ce code n'est pas valable", badCode.Text(".error-summary"));
        Assert.DoesNotContain("Connecté en tant que", (await ops.PageAsync("/")).Text("main"));
        await ops.SubmitAsync("/connexion/code", new Dictionary<string, string> { ["Code"] = Totp.Code(key) });
        var console = await ops.PageAsync("/");
        Assert.Contains("Connecté en tant que ops@grccloud.example", console.Text("main"));
        Assert.Contains("Lavaur", console.Text("tbody"));
        Assert.Contains("Gaillac", console.Text("tbody"));

        // A recovery code replaces the app's code once.
        using var lostPhone = env.Session("ops.localhost");
        await lostPhone.SubmitAsync("/connexion", new Dictionary<string, string> { ["Email"] = "ops@grccloud.example", ["Password"] = Password });
        await lostPhone.SubmitAsync("/connexion/code", new Dictionary<string, string> { ["Code"] = recoveryCodes[0] });
        Assert.Contains("Connecté en tant que", (await lostPhone.PageAsync("/")).Text("main"));
        using var again = env.Session("ops.localhost");
        await again.SubmitAsync("/connexion", new Dictionary<string, string> { ["Email"] = "ops@grccloud.example", ["Password"] = Password });
        var spent = await Html.ParseAsync(await again.SubmitAsync("/connexion/code", new Dictionary<string, string> { ["Code"] = recoveryCodes[0] }));
        Assert.Contains("Ce code n'est pas valable", spent.Text(".error-summary"));

        // The operator cookie means nothing on a town host, and the town's sign-in page is not the console's.
        using var town = env.Session();
        town.Cookies.Add(town.BaseAddress, new Cookie("grc_ops", ops.Cookies.GetCookies(ops.BaseAddress)["grc_ops"]!.Value));
        Assert.Equal(HttpStatusCode.Redirect, (await town.GetAsync("/agents")).StatusCode);
        var townSignIn = await ResidentAccountTests.SignInAsync(town, "ops@grccloud.example", Password);
        Assert.Contains("incorrect", (await Html.ParseAsync(townSignIn)).Text(".error-summary"));
    }

    /// <summary>An operator created on the command line, activated (password and authenticator) and signed in on the ops host.</summary>
    internal static async Task<WebSession> SignedInOperatorAsync(IdentityPlatform env, string email = "ops@grccloud.example", string role = "administrateur")
    {
        var ops = env.Session("ops.localhost");
        var key = await ActivatedOperatorAsync(env, ops, email, role);
        await SignInAsync(ops, email, key);
        return ops;
    }

    /// <summary>Creates and activates an operator; returns its authenticator key.</summary>
    internal static async Task<string> ActivatedOperatorAsync(IdentityPlatform env, WebSession ops, string email, string role = "administrateur")
    {
        var created = await Cli.RunAsync(env.Platform.ConnectionString, env.CliEnvironment(), "operators", "create", "--email", email, "--role", role);
        Assert.True(created.ExitCode == 0, created.Error);
        var link = new Uri(created.Output.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal)).Trim());
        var key = Totp.KeyOf(await ops.PageAsync(link.PathAndQuery));
        var activated = await ops.SubmitAsync(link.PathAndQuery, Activation(Password, Totp.Code(key)));
        Assert.Equal(10, (await Html.ParseAsync(activated)).QuerySelectorAll(".recovery-codes code").Length);
        return key;
    }

    /// <summary>The password, then the authenticator's code.</summary>
    internal static async Task SignInAsync(WebSession ops, string email, string key)
    {
        await ops.SubmitAsync("/connexion", new Dictionary<string, string> { ["Email"] = email, ["Password"] = Password });
        var signedIn = await ops.SubmitAsync("/connexion/code", new Dictionary<string, string> { ["Code"] = Totp.Code(key) });
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
    }

    private static Dictionary<string, string> Activation(string password, string code) =>
        new() { ["Password"] = password, ["ConfirmPassword"] = password, ["AuthenticatorCode"] = code };

    /// <summary>A code that is not the current one (nor, Identity's tolerance, the previous or the next).</summary>
    private static string WrongCode(string key) =>
        ((int.Parse(Totp.Code(key), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
