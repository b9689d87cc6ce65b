using System.Net;
using System.Net.Http.Headers;
using GrcCloud.Data.Towns;
using GrcCloud.Tenancy;
using GrcCloud.Testing;
using GrcCloud.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using GrcCloud.Tests.Domain;

namespace GrcCloud.Tests.Requests;

/// <summary>Files sent with a report (type from the content, photo position removed, size limits) and the typical delay published from real data.</summary>
public sealed class AttachmentsAndDelaysTests(PostgresFixture postgres)
{
    // The pothole report: account required; attachments field "photos".
    private const string Pothole = "/demarches/nid-de-poule/formulaire";

    [Fact]
    public async Task A_photo_is_kept_without_its_gps_metadata_and_a_file_whose_content_is_not_a_photo_or_pdf_is_refused()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "quentin@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "quentin@exemple.fr");

        var fake = await PostPotholeAsync(env, session, ("photo.jpg", "image/jpeg", "ceci n'est pas une photo"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, fake.StatusCode);
        Assert.Contains("n'est ni une photo (JPEG, PNG) ni un PDF", (await Html.ParseAsync(fake)).Text(".error-summary"));
        Assert.Equal(0, await CountAsync(env, db => db.Requests));

        var photo = JpegWithGps();
        var accepted = await PostPotholeAsync(env, session, ("nid.jpg", "image/jpeg", photo));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var reference = accepted.Headers.Location!.OriginalString.Split('/')[2];
        var page = await session.PageAsync($"/mes-demandes/{reference}");
        var link = page.QuerySelector("a[href*='/pieces/']")!.GetAttribute("href")!;
        var download = await session.GetAsync(link);
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);
        var stored = await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(stored.Length < photo.Length);
        Assert.Equal(-1, stored.AsSpan().IndexOf("GPSLatitude"u8));
        Assert.Equal([0xFF, 0xD8], stored[..2]);

        using var stranger = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, stranger, "rose@exemple.fr");
        await ResidentAccountTests.SignInAsync(stranger, "rose@exemple.fr");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task A_file_is_served_under_a_name_the_platform_builds_never_the_uploaders_and_never_cached()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "yanis@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "yanis@exemple.fr");

        // A PDF named as an HTML application, with a right-to-left override that makes "exe.pdf" read "fdp.exe".
        var sent = await PostPotholeAsync(env, session, ("run\u202Efdp.hta", "text/html", "%PDF-1.4\n%%EOF"u8.ToArray()));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var reference = sent.Headers.Location!.OriginalString.Split('/')[2];
        var page = await session.PageAsync($"/mes-demandes/{reference}");
        var link = page.QuerySelector("a[href*='/pieces/']")!;
        Assert.Equal("runfdp.hta", link.TextContent);

        using var agent = await Workflow.WorkflowPeople.AgentAsync(env, "voirie@lavaur.example", "Paul Voirie", AgentRoles.Agent, "voirie");
        foreach (var download in new[] { await session.GetAsync(link.GetAttribute("href")!), await agent.GetAsync(link.GetAttribute("href")!.Replace("/mes-demandes/", "/agents/demandes/", StringComparison.Ordinal)) })
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal($"{reference}-1.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
            Assert.DoesNotContain("hta", download.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
            Assert.True(download.Headers.CacheControl?.NoStore);
            Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task A_nul_character_in_a_file_name_gets_a_french_message_and_nothing_is_stored()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "ines@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "ines@exemple.fr");

        var response = await PostPotholeAsync(env, session, ("nid\0.jpg", "image/jpeg", JpegWithGps()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Le nom d'un fichier contient des caractères non autorisés", (await Html.ParseAsync(response)).Text(".error-summary"));
        Assert.Equal(0, await CountAsync(env, db => db.Requests));
    }

    [Fact]
    public async Task A_25_mb_upload_gets_a_clear_answer_and_nothing_is_stored()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var session = env.Session();
        await ResidentAccountTests.SignUpAndConfirmAsync(env, session, "sami@exemple.fr");
        await ResidentAccountTests.SignInAsync(session, "sami@exemple.fr");
        var big = new byte[25 * 1024 * 1024];
        JpegWithGps().CopyTo(big, 0);

        var response = await PostPotholeAsync(env, session, ("grande.jpg", "image/jpeg", big));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("dépasse 10 Mo", (await Html.ParseAsync(response)).Text(".error-summary"));
        Assert.Equal(0, await CountAsync(env, db => db.Requests));
    }

    [Fact]
    public async Task The_theme_page_publishes_the_90th_percentile_of_recent_closed_requests_once_there_are_ten()
    {
        await using var env = await IdentityPlatform.StartAsync(postgres);
        using var client = env.Platform.ClientFor("lavaur.localhost");
        var before = await Html.ParseAsync(await client.GetAsync("/demarches/nid-de-poule", TestContext.Current.CancellationToken));
        Assert.Contains("délai prévu par la mairie", before.Text(".typical-delay"));

        await using (var scope = env.Platform.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
            var db = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
            var theme = await db.Themes.SingleAsync(t => t.Slug == "nid-de-poule", TestContext.Current.CancellationToken);
            var now = DateTimeOffset.UtcNow;
            for (var days = 1; days <= 10; days++)
            {
                db.Requests.Add(new ServiceRequest
                {
                    Id = Guid.CreateVersion7(), Reference = $"LAV-2026-{days:D6}", ThemeId = theme.Id, ThemeTitle = theme.Title, ServiceId = theme.ServiceId,
                    ReceivedAt = now.AddDays(-20), SubmissionKey = Guid.NewGuid(), DueOn = DateOnly.FromDateTime(now.UtcDateTime),
                }.Reached(RequestStatus.Closed, now.AddDays(-20 + days)));
            }
            // An old one, outside the 90 days, does not count.
            db.Requests.Add(new ServiceRequest
            {
                Id = Guid.CreateVersion7(), Reference = "LAV-2025-000001", ThemeId = theme.Id, ThemeTitle = theme.Title, ServiceId = theme.ServiceId,
                ReceivedAt = now.AddDays(-300), SubmissionKey = Guid.NewGuid(), DueOn = DateOnly.FromDateTime(now.UtcDateTime),
            }.Reached(RequestStatus.Closed, now.AddDays(-100)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await using var fresh = await TestPlatform.StartAsync(postgres, env.Platform.ConnectionString);
        await fresh.WaitForRegistryAsync(r => r.FindBySlug("lavaur") is not null);
        using var freshClient = fresh.ClientFor("lavaur.localhost");

        var page = await Html.ParseAsync(await freshClient.GetAsync("/demarches/nid-de-poule", TestContext.Current.CancellationToken));

        Assert.Contains("9 demandes sur 10 ont été traitées en 9 jours ou moins", page.Text(".typical-delay"));
        Assert.Contains("pas un engagement", page.Text(".typical-delay"));
    }

    private static async Task<HttpResponseMessage> PostPotholeAsync(IdentityPlatform env, WebSession session, (string Name, string Type, byte[] Content) file)
    {
        var page = await session.PageAsync(Pothole);
        var form = new MultipartFormDataContent();
        foreach (var hidden in page.QuerySelectorAll("main form input[type=hidden]"))
            form.Add(new StringContent(hidden.GetAttribute("value") ?? ""), hidden.GetAttribute("name")!);
        var choices = page.QuerySelectorAll("main form input[type=radio]").GroupBy(r => r.GetAttribute("name")!).ToList();
        foreach (var group in choices)
            form.Add(new StringContent(group.First().GetAttribute("value")!), group.Key);
        foreach (var select in page.QuerySelectorAll("main form select"))
            form.Add(new StringContent(select.QuerySelectorAll("option").Select(o => o.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!), select.GetAttribute("name")!);
        form.Add(new StringContent("12 rue de la République"), "f.adresse");
        var bytes = new ByteArrayContent(file.Content);
        bytes.Headers.ContentType = new MediaTypeHeaderValue(file.Type);
        if (file.Name.Contains('\0', StringComparison.Ordinal))
        {
            // A NUL reaches the server percent-encoded in the RFC 5987 name (filename*=UTF-8''nid%00.jpg).
            bytes.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"fichiers\"", FileNameStar = file.Name };
            form.Add(bytes);
        }
        else
            form.Add(bytes, "fichiers", file.Name);
        return await session.PostAsync(Pothole, form);
    }

    /// <summary>A tiny valid JPEG whose APP1 (Exif) segment carries GPS tags, as phones write them.</summary>
    private static byte[] JpegWithGps()
    {
        byte[] exif = [.. "Exif\0\0"u8, .. "GPSLatitude 43.69 GPSLongitude 1.82"u8];
        var app1Length = exif.Length + 2;
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
        byte[] app1 = [0xFF, 0xE1, (byte)(app1Length >> 8), (byte)app1Length, .. exif];
        byte[] sos = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0x56];
        return [0xFF, 0xD8, .. app0, .. app1, .. sos, 0xFF, 0xD9];
    }

    private static async Task<int> CountAsync(IdentityPlatform env, Func<TenantDbContext, IQueryable<object>> set)
    {
        await using var scope = env.Platform.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(scope.ServiceProvider.GetRequiredService<TenantRegistry>().FindBySlug("lavaur")!);
        return await set(scope.ServiceProvider.GetRequiredService<TenantDbContext>()).CountAsync();
    }
}
