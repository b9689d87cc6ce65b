using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Requests;

/// <summary>A resident keeps a half-filled form and finds it again; sending the request removes the draft.</summary>
public sealed class DraftTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_draft_is_kept_unchecked_shown_again_and_removed_once_the_request_is_sent()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "ugo@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "ugo@exemple.fr");

        var saved = await Html.ParseAsync(await session.SubmitAsync(SubmitRequestTests.Form,
            new Dictionary<string, string> { ["f.sujet"] = "Les horaires de la médiathèque" }, button: "brouillon"));
        Assert.Contains("Brouillon enregistré", saved.Text("main"));
        Assert.Null(saved.QuerySelector(".error-summary")); // a draft is not checked

        var later = await session.PageAsync(SubmitRequestTests.Form);
        Assert.Contains("Nous avons repris votre brouillon", later.Text("main"));
        Assert.Equal("Les horaires de la médiathèque", later.QuerySelector("#f_sujet")!.GetAttribute("value"));

        var answers = await SubmitRequestTests.ValidAnswersAsync(session);
        var sent = await session.SubmitAsync(SubmitRequestTests.Form, answers);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, sent.StatusCode);
        var after = await session.PageAsync(SubmitRequestTests.Form);
        Assert.DoesNotContain("brouillon du", after.Text("main"));
        await using var scope = env.Platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<TenantDbContext>().RequestDrafts.CountAsync(TestContext.Current.CancellationToken));
    }
}
