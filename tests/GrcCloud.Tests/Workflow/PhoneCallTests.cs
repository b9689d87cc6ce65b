using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using static GrcCloud.Tests.Workflow.WorkflowPeople;

namespace GrcCloud.Tests.Workflow;

/// <summary>A phone call is recorded with the time it took place, which may be before the agent typed it.</summary>
public sealed class PhoneCallTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_call_noted_after_hanging_up_shows_when_it_took_place_and_the_audit_keeps_both_times()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var resident = await ResidentAsync(env, "paul@exemple.fr", "Paul Girard");
        var reference = await SubmitAsync(resident);
        await ReceivedTwoDaysAgoAsync(env, reference);
        using var agent = await AgentAsync(env, "lea@lavaur.example", "Léa Fabre", AgentRoles.Agent, "cabinet-du-maire");
        var page = $"/agents/demandes/{reference}";
        var form = await agent.PageAsync(page);
        var prefilled = form.QuerySelector("#appel_date")!.GetAttribute("value");
        Assert.Contains(prefilled, new[] { ParisLocal(TimeSpan.FromMinutes(-1)), ParisLocal(TimeSpan.Zero) }); // now by default (the minute may have turned since)

        var yesterday = DateTime.Today.AddDays(-1);
        var when = yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T14:20";
        var done = await RequestLifeCycleTests.ActAsync(agent, page, "Appel", new() { ["appel.date"] = when, ["appel.resultat"] = "joint", ["appel.note"] = "Rappel accepté." });

        var expected = $"Appel téléphonique du {yesterday.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))} à 14h20 (joint). Rappel accepté.";
        Assert.Contains(expected, done.Text(".timeline"));
        var audit = await InTownAsync(env, db => db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "request.call"));
        Assert.StartsWith(yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), audit.Details);
        Assert.True(audit.At > DateTimeOffset.UtcNow.AddMinutes(-5), "the audit keeps the moment of entry");
    }

    [Fact]
    public async Task A_call_in_the_future_or_before_the_request_arrived_is_refused_next_to_the_field_and_nothing_is_written()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var resident = await ResidentAsync(env, "rose@exemple.fr", "Rose Lefèvre");
        var reference = await SubmitAsync(resident);
        using var agent = await AgentAsync(env, "hugo@lavaur.example", "Hugo Vidal", AgentRoles.Agent, "cabinet-du-maire");
        var page = $"/agents/demandes/{reference}";
        var before = await RequestAsync(env, reference);

        await RefusedAsync(agent, page, ParisLocal(TimeSpan.FromHours(1)), "L'appel ne peut pas avoir lieu dans le futur");
        await RefusedAsync(agent, page, ParisLocal(TimeSpan.FromDays(-3)), "L'appel ne peut pas précéder la réception de la demande");
        await RefusedAsync(agent, page, "0001-01-01T00:00", "L'appel ne peut pas précéder la réception de la demande");
        await RefusedAsync(agent, page, "hier", "Indiquez la date et l'heure de l'appel");

        var after = await RequestAsync(env, reference);
        Assert.Equal(before.Events.Count, after.Events.Count);
        Assert.Equal(0, await InTownAsync(env, db => db.AuditLog.CountAsync(a => a.Action == "request.call")));
    }

    private static async Task RefusedAsync(WebSession agent, string page, string when, string message)
    {
        var response = await PostFormAsync(agent, page, "form[action*='handler=Appel']", new Dictionary<string, string> { ["appel.date"] = when, ["appel.resultat"] = "joint" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var shown = await Html.ParseAsync(response);
        Assert.Contains(message, shown.Text("#appel_date-erreur"));
        Assert.Equal(when, shown.QuerySelector("#appel_date")!.GetAttribute("value"));
    }

    private static Task<int> ReceivedTwoDaysAgoAsync(IdentityPlatform env, string reference) =>
        InTownAsync(env, db => db.Requests.Where(r => r.Reference == reference).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceivedAt, r => r.ReceivedAt.AddDays(-2))));
}
