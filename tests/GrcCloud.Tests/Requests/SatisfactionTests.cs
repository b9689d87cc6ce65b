using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Requests;

/// <summary>Once a request is done, its resident rates it once.</summary>
public sealed class SatisfactionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_closed_request_can_be_rated_once_and_an_open_one_cannot()
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

        var rated = await Html.ParseAsync(await session.SubmitAsync(page, new Dictionary<string, string> { ["note"] = "4", ["commentaire"] = "Réponse rapide, merci." }, "form[action*='Avis']"));
        Assert.Contains("Merci pour votre avis", rated.Text("main"));
        Assert.Null((await session.PageAsync(page)).QuerySelector("form[action*='Avis']"));

        await using var check = env.Platform.Services.CreateAsyncScope();
        check.ServiceProvider.GetRequiredService<TenantContext>().Set(check.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
        var request = await check.ServiceProvider.GetRequiredService<TenantDbContext>().Requests.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(4, request.SatisfactionScore);
        Assert.Equal("Réponse rapide, merci.", request.SatisfactionComment);
    }
}
