using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Notifications.Jobs;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Requests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Notifications;

/// <summary>Mails leave through Hangfire jobs over a real SMTP exchange: once each, even across an outage, and only for their own town.</summary>
public sealed class MailJobsTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_request_mails_the_resident_and_the_service_correspondents_who_want_each_mail()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await AgentAsync(env, "lavaur", "marc@lavaur.example", "cabinet-du-maire", digest: false);
        await AgentAsync(env, "lavaur", "nina@lavaur.example", "cabinet-du-maire", digest: true);
        await AgentAsync(env, "gaillac", "oscar@gaillac.example", "cabinet-du-maire", digest: false);
        // Elected officials of the service decide on what they are asked to validate: no mail for each new request, no digest.
        await AgentAsync(env, "lavaur", "elu.courriel@lavaur.example", "cabinet-du-maire", digest: false, AgentRoles.ElectedOfficial);
        await AgentAsync(env, "lavaur", "elu.recap@lavaur.example", "cabinet-du-maire", digest: true, AgentRoles.ElectedOfficial);
        var reference = await SubmitAsResidentAsync(env, "paula@exemple.fr");

        var acknowledgement = await env.Smtp.WaitForMessageToAsync("paula@exemple.fr", reference, TimeSpan.FromSeconds(30), Ct);
        Assert.Contains(reference, acknowledgement.Subject);
        var toAgent = await env.Smtp.WaitForMessageToAsync("marc@lavaur.example", TimeSpan.FromSeconds(30), Ct);
        Assert.Equal($"Nouvelle demande {reference} : Demander un rendez-vous avec un élu", toAgent.Subject);
        Assert.Contains($"/agents/demandes/{reference}", toAgent.TextBody);
        Assert.Equal("Mairie de Lavaur", toAgent.Message.From.Mailboxes.Single().Name);

        // The digest reader waits for the morning; the other town's agent hears nothing.
        Assert.DoesNotContain(env.Smtp.Messages, m => m.To.Contains("nina@lavaur.example") || m.To.Contains("oscar@gaillac.example"));
        await RunJobAsync(env, jobs => jobs.SendDailyMailsAsync(TownId(env, "lavaur"), Today().AddDays(1), Ct));
        var digest = await env.Smtp.WaitForMessageToAsync("nina@lavaur.example", TimeSpan.FromSeconds(10), Ct);
        Assert.Contains(reference, digest.TextBody);
        Assert.DoesNotContain(env.Smtp.Messages, m => m.To.Contains("oscar@gaillac.example"));
        // The new request's job run to its end here (sending nothing twice): still nothing for the officials.
        var requestId = await RequestIdAsync(env, "lavaur", reference);
        await RunJobAsync(env, jobs => jobs.MailNewRequestAsync(TownId(env, "lavaur"), requestId, null, Ct));
        Assert.DoesNotContain(env.Smtp.Messages, m => m.To.Contains("elu.courriel@lavaur.example") || m.To.Contains("elu.recap@lavaur.example"));
    }

    [Fact]
    public async Task When_the_smtp_server_is_down_the_acknowledgement_is_retried_and_delivered_once()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "quentin@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "quentin@exemple.fr");
        var answers = await SubmitRequestTests.ValidAnswersAsync(session);
        env.Smtp.Clear();
        await env.Smtp.StopAsync();

        var sent = await session.SubmitAsync(SubmitRequestTests.Form, answers);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode); // the request is recorded whatever the mail server does
        var reference = sent.Headers.Location!.OriginalString.Split('/')[2];
        await WaitUntilAsync(async () => await FailedAttemptsAsync(env) > 0, TimeSpan.FromSeconds(30));

        await env.Smtp.RestartAsync();
        var mail = await env.Smtp.WaitForMessageToAsync("quentin@exemple.fr", TimeSpan.FromSeconds(60), Ct);
        Assert.Contains(reference, mail.Subject);
        // Once the job is done with, no second copy can come: then count.
        await env.Platform.WaitForJobsAsync(nameof(TownJobs.MailNewRequestAsync), cancellationToken: Ct);
        Assert.Single(env.Smtp.Messages, m => m.To.Contains("quentin@exemple.fr"));

        // A job run again (an operator's "requeue" in the dashboard) finds the delivery and sends nothing.
        var requestId = await RequestIdAsync(env, "lavaur", reference);
        await RunJobAsync(env, jobs => jobs.MailNewRequestAsync(TownId(env, "lavaur"), requestId, null, Ct));
        Assert.Single(env.Smtp.Messages, m => m.To.Contains("quentin@exemple.fr"));
    }

    [Fact]
    public async Task Public_events_mail_the_resident_and_followers_and_internal_ones_mail_nobody()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var reference = await SubmitAsResidentAsync(env, "rose@exemple.fr");
        await env.Smtp.WaitForMessageToAsync("rose@exemple.fr", "a bien été reçue", TimeSpan.FromSeconds(30), Ct);
        var follower = await ResidentAccountAsync(env, "simon@exemple.fr");
        var requestId = await RequestIdAsync(env, "lavaur", reference);
        await using (var scope = env.Platform.TownScope("lavaur"))
        {
            var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
            db.RequestFollowers.Add(new RequestFollower { RequestId = requestId, ResidentId = follower, FollowedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
            env.Smtp.Clear();
            var timeline = scope.ServiceProvider.GetRequiredService<RequestTimeline>();
            await timeline.AddAsync(requestId, RequestEventKind.InternalNote, "Voisin déjà venu se plaindre.", cancellationToken: Ct);
            await timeline.AddAsync(requestId, RequestEventKind.Status, "Un agent passera jeudi matin.", cancellationToken: Ct);
        }

        var toResident = await env.Smtp.WaitForMessageToAsync("rose@exemple.fr", TimeSpan.FromSeconds(30), Ct);
        Assert.Contains("Un agent passera jeudi matin.", toResident.TextBody);
        // The follower reads the follower's wording, not the text written for the reporter.
        var toFollower = await env.Smtp.WaitForMessageToAsync("simon@exemple.fr", TimeSpan.FromSeconds(30), Ct);
        Assert.StartsWith($"Signalement {reference} que vous suivez : ", toFollower.Subject);
        Assert.Contains("Le service a fait avancer le traitement de ce signalement.", toFollower.TextBody);
        Assert.DoesNotContain("jeudi matin", toFollower.TextBody);
        Assert.DoesNotContain("Votre demande", toFollower.TextBody);
        Assert.DoesNotContain(env.Smtp.Messages, m => m.TextBody.Contains("Voisin déjà venu", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_town_provisioned_before_the_followers_mail_gets_it_from_its_migration()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var lavaur = env.Platform.Services.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!;
        const string Forget = "DELETE FROM mail_templates WHERE key = 'follower_update'; DELETE FROM \"__EFMigrationsHistory\" WHERE migration_id = '20261201061500_FollowerUpdateMail';";
        await env.Platform.InTownAsync("lavaur", sp => sp.GetRequiredService<TenantDbContext>().Database.ExecuteSqlRawAsync(Forget, Ct));

        await env.Platform.Services.GetRequiredService<TownSchemaMigrator>().MigrateTownAsync(lavaur, Ct);

        var template = await env.Platform.InTownAsync("lavaur", sp => sp.GetRequiredService<TenantDbContext>().MailTemplates.AsNoTracking().SingleAsync(t => t.Key == "follower_update", Ct));
        Assert.Equal("Signalement {reference} que vous suivez : du nouveau", template.Subject);
        Assert.Contains("{link}", template.Body);
        Assert.Equal(template.Body, template.OriginalBody);
    }

    [Fact]
    public async Task A_job_fails_closed_for_an_unknown_town_and_never_reaches_another_towns_data()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        var reference = await SubmitAsResidentAsync(env, "tom@exemple.fr");
        await env.Smtp.WaitForMessageToAsync("tom@exemple.fr", reference, TimeSpan.FromSeconds(30), Ct);
        var requestId = await RequestIdAsync(env, "lavaur", reference);
        env.Smtp.Clear();

        await using var scope = env.Platform.Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<TownJobs>();
        await Assert.ThrowsAsync<TownUnavailableException>(() => jobs.MailNewRequestAsync(Guid.NewGuid(), requestId, null, Ct));
        // Gaillac's job with Lavaur's request id: Gaillac's schema has no such request, nothing is sent.
        await RunJobAsync(env, j => j.MailNewRequestAsync(TownId(env, "gaillac"), requestId, null, Ct));
        Assert.Empty(env.Smtp.Messages);
    }

    [Fact]
    public async Task Heads_of_service_get_the_overdue_digest_and_the_agent_in_charge_a_reminder_before_the_due_date()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await AgentAsync(env, "lavaur", "ursula@lavaur.example", "cabinet-du-maire", digest: false, AgentRoles.HeadOfService);
        var agent = await AgentAsync(env, "lavaur", "victor@lavaur.example", "cabinet-du-maire", digest: false);
        var late = await SubmitAsResidentAsync(env, "wendy@exemple.fr");
        var soon = await SubmitAsResidentAsync(env, "xena@exemple.fr");
        var today = Today();
        await using (var scope = env.Platform.TownScope("lavaur"))
        {
            var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
            await db.Requests.Where(r => r.Reference == late).ExecuteUpdateAsync(s => s.SetProperty(r => r.DueOn, today.AddDays(-3)), Ct);
            await db.Requests.Where(r => r.Reference == soon).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.DueOn, today.AddDays(2)).SetProperty(r => r.AssignedToId, agent).SetProperty(r => r.AssignedToName, "Victor"), Ct);
        }
        await env.Smtp.WaitForMessageToAsync("xena@exemple.fr", soon, TimeSpan.FromSeconds(30), Ct);

        await RunJobAsync(env, jobs => jobs.SendDailyMailsAsync(TownId(env, "lavaur"), today, Ct));
        var overdue = await env.Smtp.WaitForMessageToAsync("ursula@lavaur.example", "Demandes en retard", TimeSpan.FromSeconds(10), Ct);
        Assert.Contains(late, overdue.TextBody);
        Assert.DoesNotContain(soon, overdue.TextBody);
        var reminder = await env.Smtp.WaitForMessageToAsync("victor@lavaur.example", "Rappel", TimeSpan.FromSeconds(10), Ct);
        Assert.Contains(soon, reminder.Subject);
        Assert.DoesNotContain(env.Smtp.Messages, m => m.To.Contains("victor@lavaur.example") && m.Subject.Contains(late, StringComparison.Ordinal) && m.Subject.StartsWith("Rappel", StringComparison.Ordinal));

        // The same morning run twice (a retry) sends nothing more.
        static int Daily(IdentityPlatform env) => env.Smtp.Messages.Count(m => m.Subject.StartsWith("Rappel", StringComparison.Ordinal) || m.Subject.StartsWith("Demandes en retard", StringComparison.Ordinal));
        var count = Daily(env);
        await RunJobAsync(env, jobs => jobs.SendDailyMailsAsync(TownId(env, "lavaur"), today, Ct));
        Assert.Equal(count, Daily(env));
    }

    [Fact]
    public async Task The_jobs_dashboard_answers_operators_on_the_operator_host_only()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var town = env.Session();
        Assert.NotEqual(HttpStatusCode.OK, (await town.GetAsync(JobsSetup.DashboardPath)).StatusCode);
        using var anonymous = env.Session("ops.localhost");
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(JobsSetup.DashboardPath)).StatusCode);

        using var operatorSession = await OperatorTests.SignedInOperatorAsync(env);
        var dashboard = await operatorSession.GetAsync(JobsSetup.DashboardPath);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("tâches de fond", await dashboard.Content.ReadAsStringAsync(Ct));
    }

    internal static async Task<string> SubmitAsResidentAsync(IdentityPlatform env, string email)
    {
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, email);
        await ResidentAccountTests.SignInAsync(session, email);
        var sent = await session.SubmitAsync(SubmitRequestTests.Form, await SubmitRequestTests.ValidAnswersAsync(session));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        return sent.Headers.Location!.OriginalString.Split('/')[2];
    }

    private static async Task<Guid> ResidentAccountAsync(IdentityPlatform env, string email)
    {
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, email);
        await using var scope = env.Platform.TownScope("lavaur");
        return (await scope.ServiceProvider.GetRequiredService<UserManager<TownUser>>().FindByEmailAsync(email))!.Id;
    }

    /// <summary>An agent of a service of the town, with a confirmed address.</summary>
    private static Task<Guid> AgentAsync(IdentityPlatform env, string town, string email, string serviceSlug, bool digest, string role = AgentRoles.Agent) =>
        env.Platform.CreateAgentAsync(town, email, role, [serviceSlug], dailyDigest: digest);

    /// <summary>Runs a job's entry point as Hangfire would: in a plain scope, the job setting its town from the id.</summary>
    private static async Task RunJobAsync(IdentityPlatform env, Func<TownJobs, Task> run)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<TownJobs>());
    }

    private static Guid TownId(IdentityPlatform env, string slug) =>
        env.Platform.Services.GetRequiredService<TenantRegistry>().FindBySlug(slug)!.Id;

    private static async Task<Guid> RequestIdAsync(IdentityPlatform env, string town, string reference)
    {
        await using var scope = env.Platform.TownScope(town);
        return await scope.ServiceProvider.GetRequiredService<TenantDbContext>().Requests.Where(r => r.Reference == reference).Select(r => r.Id).SingleAsync(Ct);
    }

    private static async Task<long> FailedAttemptsAsync(IdentityPlatform env)
    {
        await using var connection = new Npgsql.NpgsqlConnection(env.Platform.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM hangfire.state WHERE name IN ('Failed', 'Scheduled')", connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "la condition attendue n'est pas survenue à temps");
            await Task.Delay(200, Ct);
        }
    }

    private static DateOnly Today() => GrcCloud.Host.Features.Shared.ParisTime.Today(TimeProvider.System);
}
