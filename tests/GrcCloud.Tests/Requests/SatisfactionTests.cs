using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using GrcCloud.Tests.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Requests;

/// <summary>Once a request is done, its resident rates it once.</summary>
public sealed class SatisfactionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_closed_request_is_rated_once_confirmed_shown_and_seen_by_the_agents()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "victor@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "victor@exemple.fr");
        var sent = await session.SubmitAsync(SubmitRequestTests.Form, await SubmitRequestTests.ValidAnswersAsync(session));
        var page = $"/mes-demandes/{sent.Headers.Location!.OriginalString.Split('/')[2]}";
        Assert.Null((await session.PageAsync(page)).QuerySelector("form[action*='Avis']"));

        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
            await scope.ServiceProvider.GetRequiredService<TenantDbContext>().Requests.ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RequestStatus.Closed).SetProperty(r => r.ClosedAt, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        }

        var refused = await session.SubmitAsync(page, new Dictionary<string, string> { ["note"] = "9" }, "form[action*='Avis']");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Choisissez une note de 1 à 5", (await Html.ParseAsync(refused)).Text(".error-summary"));

        var rated = await Html.ParseAsync(await session.FollowAsync(await session.SubmitAsync(page, new Dictionary<string, string> { ["note"] = "4", ["commentaire"] = "Réponse rapide, merci." }, "form[action*='Avis']")));
        Assert.Contains("Merci, votre avis a été enregistré", rated.Text(".success"));
        Assert.Contains("Votre note : 4 sur 5 (satisfait)", rated.Text("main"));
        var again = await session.PageAsync(page);
        Assert.Null(again.QuerySelector("form[action*='Avis']"));
        Assert.Contains("Votre note : 4 sur 5", again.Text("main"));
        Assert.Contains("Réponse rapide, merci.", again.Text("main"));

        // The service sees it on the request, the supervisor the service's average.
        var reference = page.Split('/')[2];
        using var supervisor = await WorkflowPeople.AgentAsync(env, "cabinet@lavaur.example", "Claire Cabinet", "supervisor", null);
        var detail = await supervisor.PageAsync($"/agents/demandes/{reference}");
        Assert.Contains("4 sur 5 (satisfait) : « Réponse rapide, merci. »", detail.Text("[data-avis]"));
        var services = await supervisor.PageAsync("/agents/catalogue/services");
        var row = services.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Cabinet du maire", StringComparison.Ordinal));
        Assert.Contains("4,0 sur 5 (1 avis)", row.TextContent);

        await using var check = env.Platform.Services.CreateAsyncScope();
        check.ServiceProvider.GetRequiredService<TenantContext>().Set(check.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
        var request = await check.ServiceProvider.GetRequiredService<TenantDbContext>().Requests.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(4, request.SatisfactionScore);
        Assert.Equal("Réponse rapide, merci.", request.SatisfactionComment);
    }
}
