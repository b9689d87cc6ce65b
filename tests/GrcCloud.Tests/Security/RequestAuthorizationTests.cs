using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using static GrcCloud.Tests.Workflow.WorkflowPeople;

namespace GrcCloud.Tests.Security;

/// <summary>
/// Who may open a request and act on it, decided in one place (RequestAuthorizationHandler): here the
/// elected official asked to validate, who reads the request to decide and acts on nothing, while an
/// official not asked does not read it. The other people are covered by Workflow.WorkflowGuardsTests.
/// </summary>
public sealed class RequestAuthorizationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_official_asked_to_validate_reads_the_request_without_its_actions_and_another_official_does_not()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var resident = await ResidentAsync(env, "ines@exemple.fr", "Inès Moreau");
        var reference = await SubmitAsync(resident);
        using var claire = await AgentAsync(env, "claire@lavaur.example", "Claire Martin", AgentRoles.Agent, "cabinet-du-maire");
        using var elise = await AgentAsync(env, "elise@lavaur.example", "Élise Durand", AgentRoles.ElectedOfficial, null);
        using var odile = await AgentAsync(env, "odile@lavaur.example", "Odile Petit", AgentRoles.ElectedOfficial, null);
        var page = $"/agents/demandes/{reference}";

        // Before anything is asked of her, the official does not open it.
        Assert.Equal(HttpStatusCode.Forbidden, (await elise.GetAsync(page)).StatusCode);

        var opened = await claire.PageAsync(page);
        var eliseId = opened.QuerySelectorAll("#validation_elu option").Single(o => o.TextContent == "Élise Durand").GetAttribute("value")!;
        var asked = await PostFormAsync(claire, opened, page, "form[action*='handler=Validation']",
            new Dictionary<string, string> { ["validation.elu"] = eliseId, ["validation.question"] = "Accorder le rendez-vous ?" });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        var shown = await elise.PageAsync(page);
        Assert.Contains("Inès Moreau", shown.Text("main"));
        Assert.Empty(shown.QuerySelectorAll("main form[method=post]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await odile.GetAsync(page)).StatusCode);
        var before = await RequestAsync(env, reference);
        Assert.Equal(RequestStatus.AwaitingValidation, before.Status);
    }
}
