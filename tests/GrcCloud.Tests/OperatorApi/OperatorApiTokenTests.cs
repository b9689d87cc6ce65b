using System.Net;
using GrcCloud.Data.Platform;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.OperatorApi;

/// <summary>Operators' API tokens: made in the console (shown once) or on the command line, refused once revoked, expired or their operator locked.</summary>
public sealed class OperatorApiTokenTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_token_made_in_the_console_is_shown_once_works_and_is_refused_once_revoked()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var admin = await OperatorTests.SignedInOperatorAsync(env, "admin@grccloud.example");

        var invalid = await Html.ParseAsync(await admin.SubmitAsync("/operateurs/jetons", new Dictionary<string, string> { ["name"] = " ", ["expiresInDays"] = "5000" }));
        Assert.Contains("Donnez un nom au jeton", invalid.Text(".error-summary"));
        Assert.Contains("entre 1 et 730 jours", invalid.Text(".error-summary"));

        var created = await Html.ParseAsync(await admin.SubmitAsync("/operateurs/jetons", new Dictionary<string, string> { ["name"] = "Provisionnement CI", ["expiresInDays"] = "30" }));
        Assert.Contains("Copiez-le maintenant : il ne sera plus jamais affiché", created.Text("main"));
        var token = created.QuerySelector("code.api-token")!.TextContent.Trim();
        Assert.StartsWith("grcops_", token, StringComparison.Ordinal);
        var listed = await admin.PageAsync("/operateurs/jetons");
        Assert.DoesNotContain(token, listed.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Contains("Provisionnement CI", listed.Text("tbody"));
        Assert.Contains("Actif", listed.Text("tbody"));

        using var api = OperatorApiClient.Client(env.Platform, token);
        var towns = await api.GetAsync("/api/ops/v1/towns", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, towns.StatusCode);
        var slugs = (await OperatorApiClient.JsonAsync(towns)).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("slug").GetString()).ToList();
        Assert.Equal(["gaillac", "lavaur"], slugs);
        Assert.DoesNotContain("Jamais", (await admin.PageAsync("/operateurs/jetons")).QuerySelectorAll("tbody td")[4].TextContent); // last use recorded

        // Only the hash is kept.
        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OperatorApiTokens.SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)), stored.TokenHash);
            Assert.Equal(30, (int)Math.Round((stored.ExpiresAt!.Value - stored.CreatedAt).TotalDays));
        }

        var id = await TokenIdAsync(env, "Provisionnement CI");
        var revoked = await admin.FollowAsync(await admin.SubmitAsync("/operateurs/jetons", new Dictionary<string, string>(), $"form[action*='{id}']"));
        var afterRevocation = await Html.ParseAsync(revoked);
        Assert.Contains("Jeton « Provisionnement CI » révoqué", afterRevocation.Text("main"));
        Assert.Contains("Révoqué", afterRevocation.Text("tbody"));
        var refused = await api.GetAsync("/api/ops/v1/towns", TestContext.Current.CancellationToken);
        await OperatorApiClient.ProblemAsync(refused, 401);
        Assert.Equal("Bearer error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString());

        var journal = (await admin.PageAsync("/journal")).Text("tbody");
        Assert.Contains("Création d'un jeton d'API", journal);
        Assert.Contains("Révocation d'un jeton d'API", journal);
    }

    [Fact]
    public async Task Missing_wrong_expired_or_locked_tokens_and_console_cookies_get_401_and_support_tokens_only_read()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var admin = await OperatorTests.SignedInOperatorAsync(env, "admin@grccloud.example");
        var (adminToken, _) = await OperatorApiClient.TokenAsync(env.Platform, "admin@grccloud.example", name: "admin", createOperator: false);

        using var anonymous = OperatorApiClient.Client(env.Platform, null);
        var missing = await anonymous.GetAsync("/api/ops/v1/towns", TestContext.Current.CancellationToken);
        var problem = await OperatorApiClient.ProblemAsync(missing, 401);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Authentification requise", problem.GetProperty("title").GetString());
        Assert.Contains("Authorization: Bearer grcops_", problem.GetProperty("detail").GetString());
        foreach (var wrong in new[] { "grcops_" + new string('A', 43), "pas-un-jeton", adminToken + "x" })
        {
            using var client = OperatorApiClient.Client(env.Platform, wrong);
            var answer = await client.GetAsync("/api/ops/v1/towns", TestContext.Current.CancellationToken);
            await OperatorApiClient.ProblemAsync(answer, 401);
            Assert.Contains("Bearer", answer.Headers.WwwAuthenticate.ToString());
        }

        // The console's cookie alone opens nothing on the API (and needs no anti-forgery token there).
        var cookieOnly = await admin.GetAsync("/api/ops/v1/towns");
        await OperatorApiClient.ProblemAsync(cookieOnly, 401);
        var cookiePost = await admin.PostAsync("/api/ops/v1/towns/lavaur/resume", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        await OperatorApiClient.ProblemAsync(cookiePost, 401);

        // Support reads; every write is 403; the operators' list is for administrators.
        var (supportToken, _) = await OperatorApiClient.TokenAsync(env.Platform, "support@grccloud.example", "support");
        using var support = OperatorApiClient.Client(env.Platform, supportToken);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync("/api/ops/v1/towns/lavaur", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync("/api/ops/v1/audit", TestContext.Current.CancellationToken)).StatusCode);
        var forbidden = await OperatorApiClient.ProblemAsync(await support.PostJsonAsync("/api/ops/v1/towns/lavaur/suspend", new { reason = "Essai" }), 403);
        Assert.Contains("support ne fait que consulter", forbidden.GetProperty("detail").GetString());
        await OperatorApiClient.ProblemAsync(await support.PutJsonAsync("/api/ops/v1/towns/lavaur/franceconnect", new { environment = "sandbox", clientId = "a", clientSecret = "b" }), 403);
        await OperatorApiClient.ProblemAsync(await support.GetAsync("/api/ops/v1/operators", TestContext.Current.CancellationToken), 403);
        Assert.Equal("active", (await OperatorApiClient.JsonAsync(await support.GetAsync("/api/ops/v1/towns/lavaur", TestContext.Current.CancellationToken))).GetProperty("status").GetString());
        // A support operator may not make tokens in the console either (every console post of support is 403).
        using (var supportSession = await SupportSessionAsync(env))
            Assert.Contains("Le rôle support ne fait que consulter", (await supportSession.PageAsync("/operateurs/jetons")).Text("main"));

        // The role is read at each call: support made administrator can now list the operators.
        await SetAsync(env, "support@grccloud.example", o => o.Role = OperatorRoles.Administrator);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync("/api/ops/v1/operators", TestContext.Current.CancellationToken)).StatusCode);

        // A locked operator's token, an expired token: 401.
        await SetAsync(env, "support@grccloud.example", o => o.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15));
        await OperatorApiClient.ProblemAsync(await support.GetAsync("/api/ops/v1/towns", TestContext.Current.CancellationToken), 401);
        using var adminApi = OperatorApiClient.Client(env.Platform, adminToken);
        Assert.Equal(HttpStatusCode.OK, (await adminApi.GetAsync("/api/ops/v1/towns", TestContext.Current.CancellationToken)).StatusCode);
        await using (var scope = env.Platform.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OperatorApiTokens.Where(t => t.Name == "admin")
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)), TestContext.Current.CancellationToken);
        await OperatorApiClient.ProblemAsync(await adminApi.GetAsync("/api/ops/v1/towns", TestContext.Current.CancellationToken), 401);
        Assert.Contains("Expiré", (await admin.PageAsync("/operateurs/jetons")).Text("tbody"));
    }

    [Fact]
    public async Task A_token_revoked_on_the_command_line_is_refused_and_a_deleted_operator_takes_its_tokens()
    {
        await using var platform = await TestPlatform.StartAsync(postgres);
        var (token, id) = await OperatorApiClient.TokenAsync(platform, "outil@grccloud.example");
        using var api = OperatorApiClient.Client(platform, token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/ops/v1/plans", TestContext.Current.CancellationToken)).StatusCode);

        var revoked = await Cli.RunAsync(platform.ConnectionString, "operators", "token", "revoke", "--id", id.ToString(), "--json");
        Assert.True(revoked.ExitCode == 0, revoked.Error);
        Assert.True(System.Text.Json.JsonDocument.Parse(revoked.Output).RootElement.GetProperty("revoked").GetBoolean());
        await OperatorApiClient.ProblemAsync(await api.GetAsync("/api/ops/v1/plans", TestContext.Current.CancellationToken), 401);
        var again = await Cli.RunAsync(platform.ConnectionString, "operators", "token", "revoke", "--id", id.ToString());
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("aucun jeton actif", again.Error);

        var (second, _) = await OperatorApiClient.TokenAsync(platform, "outil@grccloud.example", name: "second", createOperator: false);
        using var secondApi = OperatorApiClient.Client(platform, second);
        Assert.Equal(HttpStatusCode.OK, (await secondApi.GetAsync("/api/ops/v1/plans", TestContext.Current.CancellationToken)).StatusCode);
        await using (var scope = platform.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Users.Where(o => o.Email == "outil@grccloud.example").ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        await OperatorApiClient.ProblemAsync(await secondApi.GetAsync("/api/ops/v1/plans", TestContext.Current.CancellationToken), 401);

        var unknown = await Cli.RunAsync(platform.ConnectionString, "operators", "token", "create", "--email", "personne@grccloud.example", "--name", "x");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("aucun opérateur", unknown.Error);
    }

    private static async Task<WebSession> SupportSessionAsync(IdentityPlatform env)
    {
        var session = env.Session("ops.localhost");
        var key = await OperatorTests.ActivatedOperatorAsync(env, session, "support2@grccloud.example", "support");
        await OperatorTests.SignInAsync(session, "support2@grccloud.example", key);
        return session;
    }

    private static async Task<Guid> TokenIdAsync(IdentityPlatform env, string name)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OperatorApiTokens.Where(t => t.Name == name).Select(t => t.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    private static async Task SetAsync(IdentityPlatform env, string email, Action<OperatorAccount> change)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var account = await db.Users.SingleAsync(o => o.Email == email, TestContext.Current.CancellationToken);
        change(account);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
