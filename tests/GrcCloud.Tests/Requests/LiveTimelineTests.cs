using System.Net;
using GrcCloud.Data.Towns;
using GrcCloud.Host.Features.Requests;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GrcCloud.Tests.Requests;

/// <summary>The resident's request page follows the timeline live (server-sent events), even when the change happens on another instance.</summary>
public sealed class LiveTimelineTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_public_event_added_on_another_instance_reaches_the_residents_open_page_and_an_internal_note_never_does()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        await using var other = await TestPlatform.StartAsync(postgres, env.Platform.ConnectionString);
        await other.WaitForRegistryAsync(r => r.FindBySlug("lavaur")?.Status == TenantStatus.Active);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "tania@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "tania@exemple.fr");
        var submitted = await session.SubmitAsync(SubmitRequestTests.Form, await SubmitRequestTests.ValidAnswersAsync(session));
        var reference = submitted.Headers.Location!.OriginalString.Split('/')[2];
        Assert.NotNull((await session.PageAsync($"/mes-demandes/{reference}")).QuerySelector($"[data-suivi^='/mes-demandes/{reference}/suivi?depuis=']"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        using var stream = await session.OpenStreamAsync($"/mes-demandes/{reference}/suivi", timeout.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(timeout.Token));

        await AddEventAsync(other, reference, "Note interne : voir avec le chef de service", isPublic: false);
        await AddEventAsync(other, reference, "Votre demande est prise en charge par Mme Roux.", isPublic: true);

        var received = new List<string>();
        while (!received.Any(l => l.Contains("prise en charge", StringComparison.Ordinal)))
            received.Add(await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException());
        Assert.Contains("event: timeline", received);
        Assert.DoesNotContain(received, l => l.Contains("Note interne", StringComparison.Ordinal));

        using var gaillac = env.Session("gaillac.localhost");
        gaillac.Cookies.Add(gaillac.BaseAddress, new Cookie("grc_session", session.Cookies.GetCookies(session.BaseAddress)["grc_session"]!.Value));
        var foreign = await gaillac.OpenStreamAsync($"/mes-demandes/{reference}/suivi", timeout.Token);
        Assert.NotEqual(HttpStatusCode.OK, foreign.StatusCode);
    }

    [Fact]
    public async Task A_multi_line_answer_reaches_the_open_page_whole()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "ulysse@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "ulysse@exemple.fr");
        var submitted = await session.SubmitAsync(SubmitRequestTests.Form, await SubmitRequestTests.ValidAnswersAsync(session));
        var reference = submitted.Headers.Location!.OriginalString.Split('/')[2];

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        using var stream = await session.OpenStreamAsync($"/mes-demandes/{reference}/suivi", timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith(":", await reader.ReadLineAsync(timeout.Token));
        await AddEventAsync(env.Platform, reference, "Première ligne.\nDeuxième ligne.\r\nTroisième ligne.", isPublic: true);

        // Read as a browser's EventSource does: the data fields of the event, joined by line breaks.
        var data = new List<string>();
        var line = "";
        while (line != "event: timeline")
            line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
        while ((line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException()) != "")
        {
            Assert.StartsWith("data: ", line);
            data.Add(line["data: ".Length..]);
        }
        Assert.Contains("Première ligne.\nDeuxième ligne.\nTroisième ligne.</li>", WebUtility.HtmlDecode(string.Join('\n', data)));
    }

    private static async Task AddEventAsync(TestPlatform platform, string reference, string text, bool isPublic)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
        var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        var id = await db.Requests.Where(r => r.Reference == reference).Select(r => r.Id).SingleAsync();
        await scope.ServiceProvider.GetRequiredService<RequestTimeline>().AddAsync(id, isPublic ? RequestEventKind.Status : RequestEventKind.InternalNote, text);
    }
}
