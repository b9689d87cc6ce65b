using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Requests;
using GrcCloud.Tests.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Queues;

/// <summary>The agent's live stream hears the new and changed requests of their services, made on another instance, and nothing else.</summary>
public sealed class LiveQueueTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_request_submitted_on_another_instance_reaches_the_agent_of_its_service_and_not_another_service_or_town()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await using var other = await TestPlatform.StartAsync(postgres, env.Platform.ConnectionString);
        await other.WaitForRegistryAsync(r => r.FindBySlug("gaillac")?.Status == TenantStatus.Active);
        using var paul = await BackOffice.AgentAsync(env.Platform, "lavaur", "paul@lavaur.example", AgentRoles.Agent, "voirie");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var stream = await paul.OpenStreamAsync("/agents/flux", timeout.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(timeout.Token));

        using var lavaurResident = new WebSession(other, "lavaur.localhost");
        using var gaillacResident = new WebSession(other, "gaillac.localhost");
        var otherService = await SubmitAsync(lavaurResident, "rue-sale", new() { ["f.adresse"] = "Place du Plô", ["f.probleme"] = "Corbeille pleine" });
        var otherTown = await SubmitAsync(gaillacResident, "lampadaire-en-panne", StreetLight);
        var mine = await SubmitAsync(lavaurResident, "lampadaire-en-panne", StreetLight);

        var heard = await ReadUntilAsync(reader, mine, timeout.Token);
        Assert.Equal(["event: nouvelle", $"data: {mine}"], heard.TakeLast(2));
        Assert.DoesNotContain(heard, l => l.Contains(otherService, StringComparison.Ordinal) || l.Contains(otherTown, StringComparison.Ordinal));

        // A colleague's change on the other instance: the row is to be refreshed.
        await other.InTownAsync("lavaur", async sp =>
        {
            var id = await sp.GetRequiredService<TenantDbContext>().Requests.Where(r => r.Reference == mine).Select(r => r.Id).SingleAsync();
            await sp.GetRequiredService<RequestTimeline>().AddAsync(id, RequestEventKind.InternalNote, "Vu avec l'électricien");
        });
        var changed = await ReadUntilAsync(reader, mine, timeout.Token);
        Assert.Equal(["event: modifiee", $"data: {mine}"], changed.TakeLast(2));
    }

    [Fact]
    public async Task An_elected_official_hears_only_of_the_requests_they_are_asked_to_validate()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var elected = await BackOffice.AgentAsync(env.Platform, "lavaur", "elu@lavaur.example", AgentRoles.ElectedOfficial);
        var officialId = await env.Platform.InTownAsync("lavaur", sp => sp.GetRequiredService<TenantDbContext>().Users.Where(u => u.Email == "elu@lavaur.example").Select(u => u.Id).SingleAsync());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var stream = await elected.OpenStreamAsync("/agents/flux", timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(timeout.Token));
        Assert.Equal("0", await (await elected.GetAsync("/agents/validations?handler=EnAttente")).Content.ReadAsStringAsync(timeout.Token));

        using var resident = new WebSession(env.Platform, "lavaur.localhost");
        var notAsked = await SubmitAsync(resident, "lampadaire-en-panne", StreetLight);
        var asked = await SubmitAsync(resident, "lampadaire-en-panne", StreetLight);
        await env.Platform.InTownAsync("lavaur", async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            var id = await db.Requests.Where(r => r.Reference == asked).Select(r => r.Id).SingleAsync();
            db.Validations.Add(new ValidationRequest
            {
                Id = Guid.CreateVersion7(), RequestId = id, OfficialId = officialId, AskedByName = "Agent voirie",
                AskedAt = DateTimeOffset.UtcNow, Question = "Remplacer le mât ?",
            });
            await sp.GetRequiredService<RequestTimeline>().AddAsync(id, RequestEventKind.ValidationRequested, "Validation demandée");
        });

        // Until the change is heard: on a loaded machine the announcement of the new request may come
        // after the validation was asked, and the official then hears of it as new first.
        var heard = await ReadUntilAsync(reader, asked, timeout.Token, "event: modifiee");
        Assert.Equal(["event: modifiee", $"data: {asked}"], heard.TakeLast(2));
        Assert.DoesNotContain(heard, l => l.Contains(notAsked, StringComparison.Ordinal));
        Assert.Equal("1", await (await elected.GetAsync("/agents/validations?handler=EnAttente")).Content.ReadAsStringAsync(timeout.Token));
    }

    [Fact]
    public async Task The_residents_own_answer_is_heard_as_theirs_a_colleagues_change_as_a_change_and_the_live_row_names_the_service()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var paul = await BackOffice.AgentAsync(env.Platform, "lavaur", "paul@lavaur.example", AgentRoles.Agent, "voirie");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var stream = await paul.OpenStreamAsync("/agents/flux", timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(timeout.Token));

        using var resident = await WorkflowPeople.ResidentAsync(env, "rose@exemple.fr", "Rose Lambert");
        var sent = await resident.SubmitAsync(DuplicateTests.Pothole, await DuplicateTests.AnswersAsync(resident, "43.695000", "1.819000"));
        var reference = sent.Headers.Location!.OriginalString.Split('/')[2];
        Assert.Equal(["event: nouvelle", $"data: {reference}"], (await ReadUntilAsync(reader, reference, timeout.Token)).TakeLast(2));
        var row = await paul.GetAsync($"/agents/file?onglet=toutes&handler=Ligne&reference={reference}");
        Assert.Contains("<td>Services techniques – voirie et éclairage</td>", System.Net.WebUtility.HtmlDecode(await row.Content.ReadAsStringAsync(timeout.Token)));

        await WorkflowPeople.PostFormAsync(resident, $"/mes-demandes/{reference}", "form[action*='handler=Message']", new Dictionary<string, string> { ["message.texte"] = "Le trou s'agrandit." });
        Assert.Equal(["event: habitant", $"data: {reference}"], (await ReadUntilAsync(reader, reference, timeout.Token)).TakeLast(2));

        using var colleague = await WorkflowPeople.AgentAsync(env, "lea@lavaur.example", "Léa Roux", AgentRoles.Agent, "voirie");
        await Workflow.RequestLifeCycleTests.ActAsync(colleague, $"/agents/demandes/{reference}", "Prendre", []);
        Assert.Equal(["event: modifiee", $"data: {reference}"], (await ReadUntilAsync(reader, reference, timeout.Token)).TakeLast(2));
    }

    internal static readonly Dictionary<string, string> StreetLight = new()
    {
        ["f.adresse"] = "Rue Villeneuve, devant le numéro 12",
        ["f.nature_panne"] = "Éteint en permanence",
        ["f.nombre_lampadaires"] = "1",
    };

    /// <summary>Submits a theme's form anonymously (themes without identification) and returns the reference.</summary>
    internal static async Task<string> SubmitAsync(WebSession resident, string theme, Dictionary<string, string> answers)
    {
        var submitted = await resident.SubmitAsync($"/demarches/{theme}/formulaire", answers);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, submitted.StatusCode);
        return submitted.Headers.Location!.OriginalString.Split('/')[2];
    }

    /// <summary>The stream's lines up to the first about <paramref name="reference"/> (of <paramref name="eventLine"/> when given).</summary>
    private static async Task<List<string>> ReadUntilAsync(StreamReader reader, string reference, CancellationToken cancellationToken, string? eventLine = null)
    {
        var lines = new List<string>();
        while (!(lines.Count >= 2 && lines[^1] == $"data: {reference}" && (eventLine is null || lines[^2] == eventLine)))
            lines.Add(await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException());
        return lines;
    }
}
