using System.Net;
using GrcCloud.Data.Platform;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Identity;

/// <summary>Operators' roles: support reads only, billing reads, administrators change roles and see the jobs dashboard.</summary>
public sealed class OperatorRoleTests(PostgresFixture postgres)
{
    /// <summary>Posted before a session exists (or to end one): open to every role.</summary>
    private static readonly string[] AccountForms = ["/connexion", "/connexion/code", "/activation"];

    /// <summary>Stripe's webhook: posted by Stripe, not by an operator, and authenticated by its signature (Billing/WebhookTests).</summary>
    private static readonly string[] MachineEndpoints = [GrcCloud.Host.Features.Billing.StripeWebhook.Path];

    [Fact]
    public async Task A_support_operator_reads_the_console_and_every_post_of_it_answers_403()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var admin = await OperatorTests.SignedInOperatorAsync(env, "admin@grccloud.example");
        using var support = await OperatorTests.SignedInOperatorAsync(env, "support@grccloud.example", "support");
        var adminId = await OperatorIdAsync(env, "admin@grccloud.example");

        foreach (var page in new[] { "/", "/operateurs", "/journal" })
            Assert.Equal(HttpStatusCode.OK, (await support.GetAsync(page)).StatusCode);
        Assert.Contains("Support (lecture seule)", (await support.PageAsync("/operateurs")).Text("tbody"));

        // The console's pages; the operators' API takes no cookie (OperatorApiTokenTests: a support token's writes are 403).
        var posts = (await EndpointCatalog.ReadAsync(env.Platform.Services))
            .Where(e => e.Site is SiteKind.Operator && !AccountForms.Contains(e.Route) && !MachineEndpoints.Contains(e.Route) && !e.Route.StartsWith("/api/ops/", StringComparison.Ordinal))
            .SelectMany(e => e.Handlers.Where(h => h.Method == HttpMethods.Post).Select(h => (e.Route, h)))
            .ToList();
        Assert.Contains(posts, p => p.Route == "/operateurs" && p.h.Name == "Role");
        Assert.Contains(posts, p => p.Route == "/communes/nouvelle");
        Assert.Contains(posts, p => p.Route.StartsWith("/communes/creations/", StringComparison.Ordinal) && p.h.Name == "Retry");
        var token = (await support.PageAsync("/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var (route, handler) in posts)
        {
            var fields = handler.Fields.ToDictionary(f => f, f => f switch { "id" => adminId.ToString(), "role" => "support", _ => "x" });
            fields["__RequestVerificationToken"] = token;
            // Route parameters ({id:guid}…) take an existing id: the refusal must not be a 404.
            var url = System.Text.RegularExpressions.Regex.Replace(route, "\\{[^}]+\\}", adminId.ToString()) + (handler.Name is null ? "" : "?handler=" + handler.Name);
            var refused = await support.PostAsync(url, new FormUrlEncodedContent(fields));
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"POST {url} → {(int)refused.StatusCode}");
            Assert.Contains("Accès refusé", (await Html.ParseAsync(refused)).Text("h1"));
        }
        Assert.Equal(OperatorRoles.Administrator, await RoleAsync(env, "admin@grccloud.example"));
    }

    [Fact]
    public async Task The_jobs_dashboard_and_the_roles_are_for_administrators_only()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var admin = await OperatorTests.SignedInOperatorAsync(env, "admin@grccloud.example");
        using var billing = await OperatorTests.SignedInOperatorAsync(env, "facturation@grccloud.example", "facturation");
        using var support = await OperatorTests.SignedInOperatorAsync(env, "support@grccloud.example", "support");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(JobsSetup.DashboardPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await billing.GetAsync(JobsSetup.DashboardPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync(JobsSetup.DashboardPath)).StatusCode);

        // Billing reads the operators but changes no role (no form, and a forged post is refused).
        var billingView = await billing.PageAsync("/operateurs");
        Assert.Contains("support@grccloud.example", billingView.Text("tbody"));
        Assert.Null(billingView.QuerySelector("main form[method=post]"));
        var supportId = await OperatorIdAsync(env, "support@grccloud.example");
        var token = (await billing.PageAsync("/")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await billing.PostAsync($"/operateurs?handler=Role&id={supportId}", new FormUrlEncodedContent(new Dictionary<string, string> { ["role"] = "administrateur", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(OperatorRoles.Support, await RoleAsync(env, "support@grccloud.example"));

        // The administrator makes support a billing operator: its session ends, the next one has the new role.
        var changed = await admin.FollowAsync(await admin.SubmitAsync("/operateurs", new Dictionary<string, string> { ["role"] = "facturation" }, $"form[action*='{supportId}']"));
        Assert.Contains("Rôle de support@grccloud.example enregistré", (await Html.ParseAsync(changed)).Text("main"));
        Assert.Equal(OperatorRoles.Billing, await RoleAsync(env, "support@grccloud.example"));
        Assert.Equal(HttpStatusCode.Redirect, (await support.GetAsync("/operateurs")).StatusCode);
        await using var scope = env.Platform.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().OperatorAudit.SingleAsync(e => e.Action == "role-modifie", TestContext.Current.CancellationToken);
        Assert.Equal("admin@grccloud.example", entry.OperatorEmail);
        Assert.Contains("support@grccloud.example : Support (lecture seule) → Facturation", entry.Details);
    }

    internal static async Task<Guid> OperatorIdAsync(IdentityPlatform env, string email)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Users.Where(o => o.Email == email).Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<string> RoleAsync(IdentityPlatform env, string email)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Users.Where(o => o.Email == email).Select(o => o.Role).SingleAsync(TestContext.Current.CancellationToken);
    }
}
